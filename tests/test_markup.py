"""The follow-up text's markup: lists right after their lead-in line, numbered lists, nesting,
and that nothing a user types becomes HTML."""

from django.test import SimpleTestCase

from goals import markup


class ListMarkupTests(SimpleTestCase):
    def test_bullets_straight_after_the_lead_in_line_and_a_line_after_them_ends_the_list(self):
        html = markup.render("Följande har gjorts:\n- tre temadagar\n- en ny webbplats\nDet gick bra.")
        self.assertEqual(
            html,
            "<p>Följande har gjorts:</p>\n<ul>\n<li>tre temadagar</li>\n<li>en ny webbplats</li>\n</ul>\n"
            "<p>Det gick bra.</p>\n",
        )

    def test_an_indented_line_continues_its_bullet(self):
        html = markup.render("- tre temadagar\n  med 400 deltagare\n- en webbplats")
        self.assertIn("<li>tre temadagar<br />\nmed 400 deltagare</li>", html)

    def test_bullets_after_a_lead_in_and_a_blank_line_after_the_list(self):
        html = markup.render("Följande har gjorts:\n- tre temadagar\n- en ny webbplats\n\nDet gick bra.")
        self.assertIn(
            "<p>Följande har gjorts:</p>\n<ul>\n<li>tre temadagar</li>\n<li>en ny webbplats</li>\n</ul>", html
        )
        self.assertTrue(html.endswith("<p>Det gick bra.</p>\n"))

    def test_a_bullet_written_with_an_asterisk_or_a_bullet_sign(self):
        self.assertIn("<ul>\n<li>en sak</li>", markup.render("Inledning:\n* en sak"))
        # "•" pasted from a word processor is not markup: it stays as written, on its own line.
        self.assertEqual(markup.render("Inledning:\n• en sak"), "<p>Inledning:<br />\n• en sak</p>\n")

    def test_numbered_lists_with_a_point_or_a_parenthesis(self):
        for text in ("1. först\n2. sedan\n3. sist", "1) först\n2) sedan\n3) sist"):
            with self.subTest(text=text):
                self.assertEqual(markup.render(text), "<ol>\n<li>först</li>\n<li>sedan</li>\n<li>sist</li>\n</ol>\n")

    def test_a_numbered_list_straight_after_its_lead_in_line(self):
        html = markup.render("Vi har tre steg:\n1. först\n2. sedan")
        self.assertEqual(html, "<p>Vi har tre steg:</p>\n<ol>\n<li>först</li>\n<li>sedan</li>\n</ol>\n")

    def test_a_list_that_starts_at_another_number_keeps_it(self):
        html = markup.render("3. tredje\n4. fjärde")
        self.assertIn('<ol start="3" style="counter-reset: list-item 2">\n<li>tredje</li>', html)

    def test_a_number_inside_a_sentence_is_no_list(self):
        # CommonMark: only "1." may interrupt a paragraph, so "2. plats" inside a sentence stays text.
        self.assertEqual(
            markup.render("Vi kom på\n2. plats i tävlingen."), "<p>Vi kom på<br />\n2. plats i tävlingen.</p>\n"
        )
        self.assertEqual(markup.render("2024. Året då allt hände."), "<p>2024. Året då allt hände.</p>\n")

    def test_nested_and_mixed_lists(self):
        html = markup.render("1. Planering\n   - budget\n   - tidplan\n2. Genomförande\n- en punkt efteråt")
        self.assertEqual(
            html,
            "<ol>\n<li>Planering\n<ul>\n<li>budget</li>\n<li>tidplan</li>\n</ul>\n</li>\n<li>Genomförande</li>\n</ol>\n"
            "<ul>\n<li>en punkt efteråt</li>\n</ul>\n",
        )

    def test_a_bullet_under_a_bullet_needs_two_spaces(self):
        html = markup.render("- a\n  - under a\n- b")
        self.assertEqual(html, "<ul>\n<li>a\n<ul>\n<li>under a</li>\n</ul>\n</li>\n<li>b</li>\n</ul>\n")

    def test_a_lone_dash_line_is_no_heading_and_an_empty_bullet_no_crash(self):
        self.assertNotIn("<h2", markup.render("Text\n-"))
        self.assertNotIn("<hr", markup.render("Text\n\n---\n\nMer"))
        self.assertIn("<li></li>", markup.render("- \n- b"))

    def test_list_items_are_escaped(self):
        html = markup.render(
            'Så här:\n- <script>alert(1)</script>\n1. <img src=x onerror="y"> & mer\n2. [länk](javascript:x)'
        )
        self.assertNotIn("<script", html)
        self.assertNotIn("<img", html)
        self.assertNotIn("href", html)
        self.assertIn("<li>&lt;script&gt;alert(1)&lt;/script&gt;</li>", html)
        self.assertIn("<li>&lt;img src=x onerror=&quot;y&quot;&gt; &amp; mer</li>", html)
        self.assertIn("<li>[länk](javascript:x)</li>", html)

    def test_a_link_in_a_list_item_is_a_link(self):
        html = markup.render("Läs mer:\n- https://example.org/rapport")
        self.assertIn('<li><a href="https://example.org/rapport">https://example.org/rapport</a></li>', html)

    def test_windows_line_breaks_are_lists_too(self):
        self.assertIn("<ul>\n<li>en</li>\n<li>två</li>\n</ul>", markup.render("Inledning:\r\n- en\r\n- två"))
