"""Bundled example documents: the 平潭综合实验区管委会 2022 report (国办公开办函〔2021〕30号 format),
every cell and section as published on www.pingtan.gov.cn (tests/corpus/pingtan-zhq-2022.txt)."""
