"""Template filters: masking of personal data in lists (see ``masking``)."""

from django import template

from gongkai_platform.applications.masking import mask_id, mask_phone

register = template.Library()
register.filter("mask_id", mask_id)
register.filter("mask_phone", mask_phone)
