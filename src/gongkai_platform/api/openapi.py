"""The OpenAPI 3.1 description of the JSON API (served at ``/api/openapi.json``)."""

from __future__ import annotations

from typing import Any

from gongkai import law
from gongkai_platform.applications.models import Channel
from gongkai_platform.applications.outcomes import APPLICANT_CHOICES, OUTCOME_CHOICES
from gongkai_platform.applications.states import State


def _enum(choices: list[tuple[str, Any]]) -> dict[str, Any]:
    return {"type": "string", "enum": [key for key, _ in choices]}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


DATE = {"type": "string", "format": "date"}
ERROR = {"$ref": "#/components/schemas/Error"}


def _response(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*codes: int) -> dict[str, Any]:
    text = {
        400: "参数错误（message 为中文说明，fields 为各字段的错误）",
        401: "未提供令牌或令牌无效",
        403: "无权进行该操作",
        404: "不存在或无权查看",
    }
    return {str(code): _response(ERROR, text[code]) for code in codes}


def openapi_document() -> dict[str, Any]:
    summary = {
        "type": "object",
        "required": ["id", "unit", "number", "received_on", "state"],
        "properties": {
            "id": {"type": "integer"},
            "unit": {"type": "string"},
            "number": {"type": "string", "description": "登记编号（年度-序号）"},
            "channel": _enum(Channel.choices),
            "received_on": {**DATE, "description": f"收到申请日期（{law.ART_31.short()}）"},
            "applicant_type": _enum(APPLICANT_CHOICES),
            "applicant_name": {"type": "string"},
            "id_number": {"type": "string", "description": "已脱敏"},
            "phone": {"type": "string", "description": "已脱敏"},
            "state": _enum(State.choices),
            "outcome": _nullable(_enum(OUTCOME_CHOICES)),
            "closed_on": _nullable(DATE),
            "due_on": _nullable(DATE),
            "due_kind": _nullable({"type": "string"}),
            "due_provisional": {"type": "boolean"},
        },
    }
    intake = {
        "type": "object",
        "description": f"与登记申请页面相同的字段和校验（{law.citation(law.ART_29, law.ART_31)}）；不含身份证明文件",
        "required": [
            "channel",
            "arrived_on",
            "applicant_type",
            "applicant_name",
            "id_number",
            "description",
        ],
        "properties": {
            "unit": {
                "type": "integer",
                "description": "受理单位 id；令牌用户只在一个单位登记时可省略",
            },
            "channel": _enum(Channel.choices),
            "letter_signed": {
                "type": "boolean",
                "default": True,
                "description": "信函须签收（挂号、快递）；平信为 false，并填写 confirmed_on",
            },
            "arrived_on": DATE,
            "confirmed_on": {
                **DATE,
                "description": "网络、传真申请和平信：双方确认之日，即收到申请之日",
            },
            "oral": {"type": "boolean", "default": False},
            "applicant_type": _enum(APPLICANT_CHOICES),
            "applicant_name": {"type": "string", "maxLength": 100},
            "id_number": {"type": "string", "maxLength": 40},
            "phone": {"type": "string", "maxLength": 40},
            "address": {"type": "string", "maxLength": 200},
            "email": {"type": "string", "format": "email"},
            "description": {
                "type": "string",
                "description": "所需政府信息的名称、文号或者便于查询的其他特征性描述",
            },
            "form_wanted": {"type": "string", "maxLength": 200},
            "handler": {"type": "integer", "description": "承办人的用户 id（可选）"},
        },
    }
    pk = {"name": "pk", "in": "path", "required": True, "schema": {"type": "integer"}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "gongkai 政府信息公开工作平台接口", "version": "1"},
        "security": [{"token": []}],
        "components": {
            "securitySchemes": {
                "token": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "Authorization",
                    "description": "Token <令牌>；令牌用 manage.py create_api_token 生成",
                }
            },
            "schemas": {
                "Error": {
                    "type": "object",
                    "properties": {
                        "error": {
                            "type": "object",
                            "properties": {
                                "code": {"type": "string"},
                                "message": {"type": "string"},
                            },
                        }
                    },
                },
                "ApplicationSummary": summary,
                "ApplicationIntake": intake,
            },
        },
        "paths": {
            "/api/applications/": {
                "get": {
                    "summary": "可查看的申请（按收到日期倒序，每页100件）",
                    "parameters": [
                        {
                            "name": "page",
                            "in": "query",
                            "schema": {"type": "integer", "minimum": 1},
                        },
                        {"name": "state", "in": "query", "schema": _enum(State.choices)},
                    ],
                    "responses": {
                        "200": _response(
                            {
                                "type": "object",
                                "properties": {
                                    "results": {
                                        "type": "array",
                                        "items": {
                                            "$ref": "#/components/schemas/ApplicationSummary"
                                        },
                                    },
                                    "page": {"type": "integer"},
                                    "next": _nullable({"type": "integer"}),
                                },
                            },
                            "申请列表",
                        ),
                        **_errors(400, 401),
                    },
                },
                "post": {
                    "summary": "登记一件申请（登记员、承办人；限令牌用户所在单位）",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/ApplicationIntake"}
                            }
                        },
                    },
                    "responses": {
                        "201": _response(
                            {
                                "allOf": [
                                    {"$ref": "#/components/schemas/ApplicationSummary"},
                                    {
                                        "type": "object",
                                        "properties": {"query_code": {"type": "string"}},
                                    },
                                ]
                            },
                            "已登记的申请（含查询码）",
                        ),
                        **_errors(400, 401, 403),
                    },
                },
            },
            "/api/applications/{pk}/": {
                "get": {
                    "summary": "一件申请及其办理过程",
                    "parameters": [pk],
                    "responses": {
                        "200": _response(
                            {"$ref": "#/components/schemas/ApplicationSummary"}, "申请"
                        ),
                        **_errors(401, 404),
                    },
                }
            },
            "/api/reports/": {
                "get": {
                    "summary": "可查看的年度报告",
                    "responses": {
                        "200": _response({"type": "object"}, "年度报告列表"),
                        **_errors(401),
                    },
                }
            },
            "/api/reports/{pk}/": {
                "get": {
                    "summary": "年度报告（gongkai/annual-report@1 文档，见 docs/report-json.md）",
                    "parameters": [pk],
                    "responses": {
                        "200": _response({"type": "object"}, "年度报告"),
                        **_errors(401, 404),
                    },
                }
            },
        },
    }
