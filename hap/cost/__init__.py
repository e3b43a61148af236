"""`hap cost STACK` and the cost section of `hap preview`: the estimate
(`hybrid_ai_shared.cost.estimate`, shared with the policy pack's budget rule) of a
credential-free plan, shown on a terminal, as JSON or as Markdown.
"""

from hap.cost.render import cost_markdown, render_cost_report, render_cost_section

__all__ = ["cost_markdown", "render_cost_report", "render_cost_section"]
