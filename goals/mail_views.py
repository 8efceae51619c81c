"""The user's own page of e-postinställningar."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import services
from .models import MailPreference


class MailSettingsForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("E-postadress"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"size": 40, "autocomplete": "email"}),
        error_messages={"invalid": gettext_lazy("Skriv en hel e-postadress, t.ex. anna.andersson@example.se.")},
    )
    reminders = forms.BooleanField(
        label=gettext_lazy("Påminnelser inför sista dagen (och för kansliet: nya inskickade uppföljningar)"),
        required=False,
    )
    decisions = forms.BooleanField(
        label=gettext_lazy("Besked när kansliet återsänder eller godkänner en uppföljning"), required=False
    )

    @classmethod
    def initial_for(cls, user) -> dict:
        preference = MailPreference.objects.filter(user=user).first() or MailPreference()
        return {"email": user.email, "reminders": preference.reminders, "decisions": preference.decisions}


@login_required
def mail_settings(request):
    form = MailSettingsForm(request.POST or None, initial=MailSettingsForm.initial_for(request.user))
    if request.method == "POST" and form.is_valid():
        services.save_mail_settings(user=request.user, **form.cleaned_data)
        messages.success(request, _("Dina e-postinställningar är sparade."))
        return redirect("mail_settings")
    status = 400 if request.method == "POST" else 200
    return render(request, "goals/mail_settings.html", {"form": form}, status=status)
