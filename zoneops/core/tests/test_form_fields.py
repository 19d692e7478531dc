"""The shared form layout (core/_form_fields.html) every form page includes."""

from __future__ import annotations


def test_form_fields_are_laid_out_by_their_widget_not_their_name() -> None:
    from django import forms
    from django.template.loader import render_to_string

    class Sample(forms.Form):
        tags = forms.CharField(label="标签")  # a text box, whatever its name
        parks = forms.MultipleChoiceField(
            label="园区",
            choices=[("a", "东川"), ("b", "南川")],
            widget=forms.CheckboxSelectMultiple,
        )
        plan = forms.ChoiceField(
            label="计划", choices=[("full", "满负荷")], widget=forms.RadioSelect
        )
        agree = forms.BooleanField(label="同意", required=False)
        kind = forms.ChoiceField(label="类别", choices=[("x", "甲")])

    html = render_to_string("core/_form_fields.html", {"form": Sample()})
    assert 'type="text" name="tags"' in html
    assert html.count('type="checkbox" name="parks"') == 2
    assert 'type="radio" name="plan"' in html
    assert 'type="checkbox" name="agree"' in html and 'class="form-check-input"' in html
    assert '<select name="kind" class="form-select"' in html
