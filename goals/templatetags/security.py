"""The Content-Security-Policy nonce on the inline <style> of a chart's SVG."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

STYLE_TAG = re.compile(r"<style(?=[\s>])")


@register.filter
def with_style_nonce(svg: SafeString, request) -> SafeString:
    """The chart's SVG (our own, labels escaped) with the request's CSP nonce on its <style>
    elements, so style-src needs no 'unsafe-inline'. Without a request (a chapter rendered for
    the PDF) the SVG is returned as it is."""
    nonce = getattr(request, "csp_nonce", None)
    if not svg or nonce is None:
        return svg
    # The SVG was safe already; the nonce is escaped too (it is base64 anyway).
    return mark_safe(STYLE_TAG.sub(f'<style nonce="{escape(str(nonce))}"', svg))  # nosec B308, B703
