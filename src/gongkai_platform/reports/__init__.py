"""The annual report (政府信息公开工作年度报告, 条例 §§49–50) compiled from the unit's own records."""
