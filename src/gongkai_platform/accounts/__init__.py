"""Units and roles: who may see and do what (条例 §3–§4: the OGI authority and office of each unit)."""
