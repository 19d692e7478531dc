"""达产达效: 新增长点' 达产率 (trailing twelve months against the designed output) and
龙头企业' year output against their targets and 序时进度."""
