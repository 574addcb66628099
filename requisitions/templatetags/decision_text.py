"""What a payment decision tells the region about its deadlines, in the e-mails as in the
decision's PDF (the same sentences: requisitions.documents)."""

from django import template

from grants.models import Grant

from ..documents import repayment_deadline_text, report_deadline_text

register = template.Library()


@register.simple_tag
def decision_deadlines(grant: Grant) -> str:
    """The report deadline and the repayment deadline, in the active language."""
    return f"{report_deadline_text(grant)} {repayment_deadline_text(grant)}"
