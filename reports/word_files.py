"""Writes for the kansli's Word template: upload one (replacing the last), or go back to the
default. Prints already made keep the files they were rendered with."""

from django.db import transaction

from goals.models import Organisation

from .models import WordTemplate


@transaction.atomic
def save_word_template(*, organisation: Organisation, upload, user) -> WordTemplate:
    """Store a template the form has checked (word.open_template) as the organisation's."""
    template = WordTemplate.objects.select_for_update().filter(organisation=organisation).first()
    old_name = template.file.name if template else ""
    template = template or WordTemplate(organisation=organisation)
    template.original_name = upload.name[:255]
    template.uploaded_by = user
    # A .dotx keeps its extension: Word refuses a template's content under a .docx name.
    extension = ".dotx" if upload.name.lower().endswith(".dotx") else ".docx"
    template.file.save(f"{organisation.slug}-mall{extension}", upload, save=False)
    template.save()
    if old_name and old_name != template.file.name:
        storage = template.file.storage
        transaction.on_commit(lambda: storage.delete(old_name))
    return template


@transaction.atomic
def remove_word_template(*, organisation: Organisation) -> bool:
    """Back to the default template; False when there was none."""
    template = WordTemplate.objects.select_for_update().filter(organisation=organisation).first()
    if template is None:
        return False
    name, storage = template.file.name, template.file.storage
    template.delete()
    transaction.on_commit(lambda: storage.delete(name))
    return True
