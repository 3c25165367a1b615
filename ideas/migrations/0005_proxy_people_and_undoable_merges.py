"""People without a device get a row per board (ProxyPerson): cards and dots entered for them point to it.

Existing on-behalf cards and dots are given to the person whose name they carry; dots
entered without a name go to one person per board called "Ohne Namen eingetragen", so
they stay counted, visible as entered on behalf, and can be taken back. Merges remember
what they moved from now on (CardHistory.undo); older merges cannot be undone.
"""
import django.db.models.deletion
import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models

UNNAMED = "Ohne Namen eingetragen"  # German first: the site's default language


def give_on_behalf_entries_a_person(apps, schema_editor):
    ProxyPerson = apps.get_model("ideas", "ProxyPerson")
    Card = apps.get_model("ideas", "Card")
    Vote = apps.get_model("ideas", "Vote")
    proxy_people = {}  # (board id, lower name) -> proxy_person

    def proxy_person(board_id, name, organisation_id=None, created_by_id=None):
        name = name.strip()[:120] or UNNAMED
        key = (board_id, name.lower())
        if key not in proxy_people:
            proxy_people[key] = ProxyPerson.objects.create(
                board_id=board_id, name=name, organisation_id=organisation_id, created_by_id=created_by_id,
            )
        return proxy_people[key]

    for card in Card.objects.filter(entered_on_behalf=True).exclude(on_behalf_name="").order_by("id"):
        card.on_behalf_of = proxy_person(card.board_id, card.on_behalf_name, card.author_organisation_id, card.author_id)
        card.save(update_fields=["on_behalf_of"])
    for vote in Vote.objects.filter(entered_on_behalf=True).order_by("id"):
        vote.proxy_person = proxy_person(vote.board_id, vote.on_behalf_name, None, vote.user_id)
        vote.save(update_fields=["proxy_person"])


def keep_the_names_on_the_dots(apps, schema_editor):
    Vote = apps.get_model("ideas", "Vote")
    for vote in Vote.objects.filter(entered_on_behalf=True).select_related("proxy_person"):
        vote.on_behalf_name = "" if vote.proxy_person.name == UNNAMED else vote.proxy_person.name
        vote.save(update_fields=["on_behalf_name"])


class Migration(migrations.Migration):

    dependencies = [
        ('ideas', '0004_protect_what_boards_name'),
        ('network', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='cardhistory',
            name='undo',
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.CreateModel(
            name='ProxyPerson',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=120, verbose_name='name')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('board', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='proxy_people', to='ideas.board')),
                ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organisation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='network.organisation', verbose_name='organisation')),
            ],
            options={
                'verbose_name': 'person without a device',
                'verbose_name_plural': 'people without a device',
                'ordering': ['name', 'id'],
            },
        ),
        migrations.AddConstraint(
            model_name='proxyperson',
            constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('name'), models.F('board'), name='one_proxy_person_name_per_board'),
        ),
        migrations.AddField(
            model_name='card',
            name='on_behalf_of',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='cards', to='ideas.proxyperson', verbose_name='entered for'),
        ),
        migrations.AddField(
            model_name='vote',
            name='proxy_person',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='votes', to='ideas.proxyperson'),
        ),
        migrations.RunPython(give_on_behalf_entries_a_person, keep_the_names_on_the_dots),
        migrations.RemoveField(
            model_name='vote',
            name='on_behalf_name',
        ),
        migrations.AddConstraint(
            model_name='vote',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('entered_on_behalf', False), ('proxy_person__isnull', True)), models.Q(('entered_on_behalf', True), ('proxy_person__isnull', False)), _connector='OR'), name='on_behalf_votes_belong_to_a_proxy_person'),
        ),
    ]
