"""The window of 年报助手: Qt widgets and models that adapt the core to the screen."""
