"""Kansliet's Excel files: the plan and a period's follow-up status out, next year's plan in.

The plan export and the import template share one layout (layout.py), so a downloaded plan can
be edited and uploaded as another year. An upload is turned into the interchange document
(goals/interchange) and imported by the same code as `import_plan`: one write path.
"""
