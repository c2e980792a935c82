"""Applications for government information (依申请公开, 条例 §§27–45): intake, the handling
workflow with its statutory clock, and the audit trail (办理过程留痕, §45)."""
