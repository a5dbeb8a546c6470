"""年报助手: fill in, check and print the 政府信息公开工作年度报告."""

__version__ = "0.1.0"
APP_NAME = "年报助手"
