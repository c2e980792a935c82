"""Renderers of the annual report to its official layouts (see gongkai.render.layout)."""
