"""The call's admin form: checks the criteria as entered in the InlinePanel, before anything is saved.

The page's own clean() sees only the saved criteria while the admin's form is validated, so the
form checks the rows of its formset with the same rules (calls/criteria.py) and tells the page
not to check them again.
"""
from wagtail.admin.forms import WagtailAdminPageForm

from calls.criteria import criteria_errors


class CallPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.criteria_checked_by_form = True

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("criteria")
        if formset is not None and formset.is_valid():
            rows = [
                (form.cleaned_data.get("name"), form.cleaned_data.get("weight"), form.cleaned_data.get("scale_max"))
                for form in formset.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")
            ]
            for problem in criteria_errors(rows):
                self.add_error(None, problem)
        return cleaned_data
