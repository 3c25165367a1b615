"""The plain HTML form for posting a card: the board page works without JavaScript.

The form checks only the shape of the input; operations.create_card
enforces every rule (phase, lock, length, permissions), as for the WebSocket.
The live client reuses this form's markup and sends the same fields over the socket.
"""
import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from ideas.board.validation import NAME_MAX_LENGTH, TEXT_MAX_LENGTH
from ideas.models import Card
from network.models import BuildingBlock, Organisation, TargetGroup


class CardForm(forms.Form):
    # Chosen when the form is rendered: submitting twice (double click, reload) posts one card.
    client_id = forms.UUIDField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label=_("Kind of card"), choices=Card.Kind.choices, initial=Card.Kind.NEED, widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Your card"), max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": TEXT_MAX_LENGTH}),
        help_text=_("Professional observations only — no names or personal data of young people."),
    )
    tags = forms.CharField(
        label=_("Keywords (optional)"), required=False, max_length=600,
        help_text=_("Separate several keywords with commas."),
    )
    building_block = forms.ModelChoiceField(
        label=_("Building block (optional)"), queryset=BuildingBlock.objects.all(), required=False,
    )
    target_group = forms.ModelChoiceField(
        label=_("Target group (optional)"), queryset=TargetGroup.objects.all(), required=False,
    )
    display = forms.ChoiceField(
        label=_("Show with the card"), choices=Card.Display.choices, initial=Card.Display.NAME,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, facilitator=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client_id"].initial = uuid.uuid4()
        if facilitator:
            self.fields["on_behalf"] = forms.BooleanField(
                label=_("Entered for someone without a device"), required=False,
            )
            # The names entered for before on this board are offered (the datalist on the board page).
            self.fields["on_behalf_name"] = forms.CharField(
                label=_("Their name (optional)"), required=False, max_length=NAME_MAX_LENGTH,
                widget=forms.TextInput(attrs={"list": "board-proxy-person-names", "autocomplete": "off"}),
            )
            self.fields["organisation"] = forms.ModelChoiceField(
                label=_("Their organisation (optional)"), queryset=Organisation.objects.all(), required=False,
            )

    def clean_tags(self):
        return [tag.strip() for tag in self.cleaned_data["tags"].split(",") if tag.strip()]

    def operation_fields(self):
        """The keyword arguments of operations.create_card."""
        data = self.cleaned_data
        fields = {
            "client_id": data["client_id"], "kind": data["kind"], "text": data["text"], "tags": data["tags"],
            "building_block": data["building_block"].pk if data["building_block"] else None,
            "target_group": data["target_group"].pk if data["target_group"] else None,
            "display": data["display"],
        }
        if data.get("on_behalf"):
            fields.update(
                on_behalf=True, on_behalf_name=data["on_behalf_name"],
                organisation=data["organisation"].pk if data["organisation"] else None,
            )
        return fields


class GuestJoinForm(forms.Form):
    """Joining one board as a guest (ideas/board/guest_views.py); operations.join_as_guest checks the rest."""

    code = forms.CharField(
        label=_("Code of the board"), max_length=20,
        help_text=_("Six letters and digits, shown by the facilitator, e.g. KXT-94M."),
    )
    name = forms.CharField(
        label=_("Your name (optional)"), max_length=NAME_MAX_LENGTH, required=False,
        help_text=_("Shown with your cards if you choose so. Leave it empty to appear as “Guest”."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Your organisation (optional)"), queryset=Organisation.objects.filter(listed=True), required=False,
        empty_label=_("(not listed, or none)"),
    )
    organisation_name = forms.CharField(
        label=_("Not listed? Type your organisation (optional)"), max_length=200, required=False,
    )
