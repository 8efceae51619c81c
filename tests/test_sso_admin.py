"""Kansliet maps its IdP's groups to roles in the admin, for its own organisations only."""

from django.test import TestCase

from goals.models import GroupMapping, Role
from goals.services import make_kansli

from . import factories

ADD = "/admin/goals/groupmapping/add/"


class GroupMappingAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.ours = factories.plan(slug="vart")
        cls.theirs = factories.plan(slug="deras")
        cls.kansli = factories.kansli("kansli", cls.ours)
        factories.manager("chef", cls.ours)
        cls.our_mapping = GroupMapping.objects.create(
            organisation=cls.ours["organisation"], group="g-var", role=Role.MANAGER, unit=cls.ours["units"][0]
        )
        cls.their_mapping = GroupMapping.objects.create(
            organisation=cls.theirs["organisation"], group="g-deras", role=Role.READER
        )

    def setUp(self):
        self.client.login(username="kansli", password=factories.PASSWORD)

    def form(self, **values):
        return {
            "organisation": self.ours["organisation"].pk,
            "group": "9b1c-chefer-valfard",
            "description": "Chefer Välfärd",
            "role": Role.MANAGER,
            "unit": self.ours["units"][1].pk,
            **values,
        }

    def test_the_list_holds_only_our_mappings(self):
        response = self.client.get("/admin/goals/groupmapping/")
        self.assertEqual(list(response.context["cl"].queryset), [self.our_mapping])
        self.assertContains(response, "g-var")
        self.assertNotContains(response, "g-deras")

    def test_another_organisations_mapping_cannot_be_opened(self):
        response = self.client.get(f"/admin/goals/groupmapping/{self.their_mapping.pk}/change/")
        self.assertEqual(response.status_code, 302)  # the admin sends a missing object to its index
        response = self.client.post(f"/admin/goals/groupmapping/{self.their_mapping.pk}/delete/", {"post": "yes"})
        self.assertTrue(GroupMapping.objects.filter(pk=self.their_mapping.pk).exists())

    def test_the_choices_are_our_organisation_and_units(self):
        form = self.client.get(ADD).context["adminform"].form
        self.assertEqual(list(form.fields["organisation"].queryset), [self.ours["organisation"]])
        self.assertEqual(set(form.fields["unit"].queryset), set(self.ours["units"]))

    def test_a_mapping_is_added(self):
        response = self.client.post(ADD, self.form())
        self.assertEqual(response.status_code, 302)
        mapping = GroupMapping.objects.get(group="9b1c-chefer-valfard")
        mapping.refresh_from_db()
        self.assertEqual(
            (mapping.role, mapping.unit, mapping.description), ("manager", self.ours["units"][1], "Chefer Välfärd")
        )

    def test_an_enhetschef_without_a_unit_is_refused_with_the_text_kept(self):
        response = self.client.post(ADD, self.form(unit=""))
        self.assertContains(response, "En enhetschef måste ha en enhet.")
        self.assertContains(response, 'value="9b1c-chefer-valfard"')
        self.assertFalse(GroupMapping.objects.filter(group="9b1c-chefer-valfard").exists())

    def test_a_reader_with_a_unit_and_another_organisations_unit_are_refused(self):
        response = self.client.post(ADD, self.form(role=Role.READER))
        self.assertContains(response, "Bara en enhetschef har en enhet")
        response = self.client.post(ADD, self.form(unit=self.theirs["units"][0].pk))
        self.assertContains(response, "Välj ett giltigt alternativ")
        # A kansli of both förbund may pick either unit, but not one of the other organisation.
        make_kansli(user=self.kansli, organisation=self.theirs["organisation"])
        response = self.client.post(ADD, self.form(unit=self.theirs["units"][0].pk))
        self.assertContains(response, "Enheten hör till en annan organisation.")
        self.assertEqual(GroupMapping.objects.count(), 2)

    def test_the_same_group_and_role_twice_is_refused(self):
        self.client.post(ADD, self.form(role=Role.READER, unit="", group="g-lasare"))
        response = self.client.post(ADD, self.form(role=Role.READER, unit="", group="g-lasare"))
        self.assertContains(response, "Gruppen ger redan den rollen.")
        self.assertEqual(GroupMapping.objects.filter(group="g-lasare").count(), 1)

    def test_anonymous_and_an_enhetschef_are_sent_to_the_admin_login(self):
        self.client.logout()
        self.assertRedirects(self.client.get(ADD), f"/admin/login/?next={ADD}")
        self.client.login(username="chef", password=factories.PASSWORD)
        self.assertRedirects(self.client.get(ADD), f"/admin/login/?next={ADD}")

    def test_the_admin_index_lists_the_mappings_with_the_roles(self):
        self.assertContains(self.client.get("/admin/"), "Gruppkopplingar (inloggning med organisationens konto)")
