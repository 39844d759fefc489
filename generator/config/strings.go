package config

import (
	"maps"
	"slices"
	"strings"

	"github.com/rainmaker-blog/rainmaker/generator/report"
)

// Every text the built-in layouts print, by key, in the languages the
// theme ships. A site in another language gets English, and translates
// under [strings]; a count is written {n}.
var builtinStrings = map[string]map[string]string{
	"en": {
		"skip_to_content":      "Skip to content",
		"main_menu":            "Main",
		"articles":             "Articles",
		"stories":              "Success stories",
		"latest":               "Latest articles and stories",
		"nothing_yet":          "Nothing published yet.",
		"nothing_here":         "Nothing published here yet.",
		"date_format":          "2 January 2006",
		"min_read":             "{n} min read",
		"updated":              "Updated",
		"result":               "Result",
		"share_article":        "Share this article",
		"share_story":          "Share this story",
		"tags":                 "Tags",
		"related":              "Related",
		"older":                "Older",
		"newer":                "Newer",
		"more":                 "More",
		"pagination":           "Pagination",
		"page_of":              "Page {n} of {total}",
		"story_cta_title":      "Has coaching changed your results?",
		"story_cta_text":       "Readers’ stories help other top performers and their managers.",
		"share_results":        "Share your results",
		"all_tags":             "All tags",
		"atom_feed":            "Atom feed",
		"social_links":         "Social links",
		"site_links":           "Site",
		"tags_lede":            "Every topic, with the number of articles and stories on it.",
		"no_tags":              "No tags yet.",
		"follow_feed":          "Follow this feed",
		"count_one":            "{n} article or story",
		"count_other":          "{n} articles and stories",
		"articles_one":         "{n} article",
		"articles_other":       "{n} articles",
		"stories_one":          "{n} story",
		"stories_other":        "{n} stories",
		"featured":             "Featured stories",
		"featured_label":       "Featured",
		"more_about":           "More about {name}",
		"tagged":               "Tagged “{name}”",
		"stories_about":        "Stories about {name}",
		"stories_lede":         "What changed for readers who were coached, in their own words.",
		"results_wall":         "Results our clients got",
		"read_story":           "Read {name}’s story",
		"all_stories":          "All stories",
		"filter_by_tag":        "Filter by tag",
		"about_author":         "About the author",
		"contents":             "Contents",
		"callout_note":         "Note",
		"callout_tip":          "Tip",
		"callout_important":    "Important",
		"callout_warning":      "Warning",
		"callout_caution":      "Caution",
		"video_youtube":        "YouTube video",
		"video_vimeo":          "Vimeo video",
		"watch_on":             "Watch on {name}",
		"not_found":            "Page not found",
		"not_found_lede":       "The page you asked for is not here. It may have moved, or the link may be mistyped.",
		"go_home":              "Go to the home page",
		"thanks":               "Thank you",
		"thanks_lede":          "Your story has reached us. An editor will read it, may get in touch by email about details, and will publish it once it is ready.",
		"read_other":           "Read other readers’ stories",
		"form_title":           "Share your results",
		"form_lede":            "Has coaching changed how you sell, lead or grow? Tell us what happened. An editor reads every story before it is published, and we publish it only with your permission.",
		"form_not_sent":        "Your story was not sent yet",
		"form_required":        "Fields marked * are required.",
		"form_send":            "Send your story",
		"form_correct_one":     "Please correct {n} field:",
		"form_correct_other":   "Please correct {n} fields:",
		"section_description":  "{section} from {site}",
		"tag_description":      "Articles and stories about {name} from {site}",
		"term_title":           "{taxonomy} “{name}”",
		"tags_description":     "Every topic of {site}, with the number of articles and stories on each.",
		"taxonomy_description": "Every {taxonomy} of {site}, with the number of articles and stories in each.",
		"thanks_description":   "Your story has reached us.",
		"form_description":     "Tell us how coaching changed your results. We publish stories with your permission.",
		"photo_alt":            "Photo of {name}",
		"withdraw_offer":       "Changed your mind? This private link withdraws your story, takes it off the site if it is published, and erases your email address and everything else we keep of it. Keep it to yourself: anyone who has it can withdraw the story.",
		"withdraw_link":        "Withdraw your story",
		"withdraw_title":       "Withdraw your story?",
		"withdraw_lede":        "This takes your story off the site if it is published, and erases it with your email address, your consent and everything else we keep of it. It cannot be undone.",
		"withdraw_button":      "Withdraw my story and erase my data",
		"withdrawn_title":      "Your story is withdrawn",
		"withdrawn_removed":    "We erased:",
		"withdrawn_offline":    "It is no longer part of the site.",
		"withdrawn_pending":    "It is out of the site's content; the published page goes at the site's next update.",
		"withdraw_error":       "This link cannot be used",
	},
	"de": {
		"skip_to_content":      "Zum Inhalt springen",
		"main_menu":            "Hauptmenü",
		"articles":             "Artikel",
		"stories":              "Erfolgsgeschichten",
		"latest":               "Neueste Artikel und Geschichten",
		"nothing_yet":          "Noch nichts veröffentlicht.",
		"nothing_here":         "Hier ist noch nichts veröffentlicht.",
		"date_format":          "2.1.2006",
		"min_read":             "{n} Min. Lesezeit",
		"updated":              "Aktualisiert",
		"result":               "Ergebnis",
		"share_article":        "Diesen Artikel teilen",
		"share_story":          "Diese Geschichte teilen",
		"tags":                 "Schlagwörter",
		"related":              "Verwandte Beiträge",
		"older":                "Älter",
		"newer":                "Neuer",
		"more":                 "Weitere",
		"pagination":           "Seitennavigation",
		"page_of":              "Seite {n} von {total}",
		"story_cta_title":      "Hat Coaching Ihre Ergebnisse verändert?",
		"story_cta_text":       "Die Geschichten unserer Leserinnen und Leser helfen anderen Spitzenkräften und ihren Führungskräften.",
		"share_results":        "Erzählen Sie Ihre Geschichte",
		"all_tags":             "Alle Schlagwörter",
		"atom_feed":            "Atom-Feed",
		"social_links":         "Soziale Netzwerke",
		"site_links":           "Website",
		"tags_lede":            "Alle Themen, mit der Zahl der Artikel und Geschichten dazu.",
		"no_tags":              "Noch keine Schlagwörter.",
		"follow_feed":          "Diesen Feed abonnieren",
		"count_one":            "{n} Artikel oder Geschichte",
		"count_other":          "{n} Artikel und Geschichten",
		"articles_one":         "{n} Artikel",
		"articles_other":       "{n} Artikel",
		"stories_one":          "{n} Geschichte",
		"stories_other":        "{n} Geschichten",
		"featured":             "Ausgewählte Geschichten",
		"featured_label":       "Empfohlen",
		"more_about":           "Mehr über {name}",
		"tagged":               "Schlagwort „{name}“",
		"stories_about":        "Geschichten zum Thema {name}",
		"stories_lede":         "Was sich für Menschen mit Coaching verändert hat, in ihren eigenen Worten.",
		"results_wall":         "Was unsere Klientinnen und Klienten erreicht haben",
		"read_story":           "Die Geschichte von {name} lesen",
		"all_stories":          "Alle Geschichten",
		"filter_by_tag":        "Nach Schlagwort filtern",
		"about_author":         "Über die Autorin oder den Autor",
		"contents":             "Inhalt",
		"callout_note":         "Hinweis",
		"callout_tip":          "Tipp",
		"callout_important":    "Wichtig",
		"callout_warning":      "Warnung",
		"callout_caution":      "Vorsicht",
		"video_youtube":        "YouTube-Video",
		"video_vimeo":          "Vimeo-Video",
		"watch_on":             "Auf {name} ansehen",
		"not_found":            "Seite nicht gefunden",
		"not_found_lede":       "Die gesuchte Seite gibt es hier nicht. Vielleicht ist sie umgezogen, oder der Link enthält einen Tippfehler.",
		"go_home":              "Zur Startseite",
		"thanks":               "Vielen Dank",
		"thanks_lede":          "Ihre Geschichte ist bei uns angekommen. Wir lesen sie, melden uns bei Fragen per E-Mail und veröffentlichen sie, sobald sie fertig ist.",
		"read_other":           "Geschichten anderer Leserinnen und Leser lesen",
		"form_title":           "Erzählen Sie Ihre Geschichte",
		"form_lede":            "Hat Coaching verändert, wie Sie verkaufen, führen oder wachsen? Erzählen Sie uns, was passiert ist. Wir lesen jede Geschichte vor der Veröffentlichung und veröffentlichen sie nur mit Ihrer Zustimmung.",
		"form_not_sent":        "Ihre Geschichte wurde noch nicht gesendet",
		"form_required":        "Mit * markierte Felder sind Pflichtfelder.",
		"form_send":            "Geschichte senden",
		"form_correct_one":     "Bitte korrigieren Sie {n} Feld:",
		"form_correct_other":   "Bitte korrigieren Sie {n} Felder:",
		"section_description":  "{section} von {site}",
		"tag_description":      "Artikel und Geschichten über {name} von {site}",
		"term_title":           "{taxonomy} „{name}“",
		"tags_description":     "Alle Themen von {site}, mit der Zahl der Artikel und Geschichten dazu.",
		"taxonomy_description": "Alle Einträge ({taxonomy}) von {site}, mit der Zahl der Artikel und Geschichten dazu.",
		"thanks_description":   "Ihre Geschichte ist bei uns angekommen.",
		"form_description":     "Erzählen Sie uns, wie Coaching Ihre Ergebnisse verändert hat. Wir veröffentlichen Geschichten nur mit Ihrer Erlaubnis.",
		"photo_alt":            "Foto von {name}",
		"withdraw_offer":       "Sie haben es sich anders überlegt? Dieser private Link zieht Ihre Geschichte zurück, nimmt sie von der Website, falls sie veröffentlicht ist, und löscht Ihre E-Mail-Adresse und alles andere, was wir dazu aufbewahren. Geben Sie ihn nicht weiter: Wer ihn hat, kann die Geschichte zurückziehen.",
		"withdraw_link":        "Geschichte zurückziehen",
		"withdraw_title":       "Geschichte zurückziehen?",
		"withdraw_lede":        "Damit nehmen wir Ihre Geschichte von der Website, falls sie veröffentlicht ist, und löschen sie mit Ihrer E-Mail-Adresse, Ihrer Einwilligung und allem anderen, was wir dazu aufbewahren. Das lässt sich nicht rückgängig machen.",
		"withdraw_button":      "Geschichte zurückziehen und meine Daten löschen",
		"withdrawn_title":      "Ihre Geschichte ist zurückgezogen",
		"withdrawn_removed":    "Wir haben gelöscht:",
		"withdrawn_offline":    "Sie ist nicht mehr Teil der Website.",
		"withdrawn_pending":    "Sie ist aus den Inhalten der Website entfernt; die veröffentlichte Seite verschwindet mit der nächsten Aktualisierung.",
		"withdraw_error":       "Dieser Link kann nicht verwendet werden",
	},
}

// BuiltinLanguages are the languages the layouts' text ships in.
func BuiltinLanguages() []string { return slices.Sorted(maps.Keys(builtinStrings)) }

// StringsLanguage is the built-in table a language tag ("de-AT") uses,
// and whether one exists for it.
func StringsLanguage(tag string) (string, bool) {
	base := strings.ToLower(tag)
	if i := strings.IndexAny(base, "-_"); i >= 0 {
		base = base[:i]
	}
	if _, ok := builtinStrings[base]; ok {
		return base, true
	}
	return "en", false
}

// Texts is every layout text of the site: the built-in table of its
// language with [strings] over it.
func (c *Config) Texts() map[string]string {
	lang, _ := StringsLanguage(c.Language)
	out := maps.Clone(builtinStrings[lang])
	maps.Copy(out, c.Strings)
	return out
}

// Text is one layout text of the site, as Texts has it, without copying
// the table: for the texts Go code prints (section titles, list titles).
func (c *Config) Text(key string) string {
	if s, ok := c.Strings[key]; ok {
		return s
	}
	lang, _ := StringsLanguage(c.Language)
	return builtinStrings[lang][key]
}

// checkStrings reports [strings] keys the layouts do not use and
// overrides that lose a placeholder the text needs.
func (c *Config) checkStrings(name, src string) report.List {
	var errs report.List
	known := slices.Sorted(maps.Keys(builtinStrings["en"]))
	for _, key := range slices.Sorted(maps.Keys(c.Strings)) {
		builtin, ok := builtinStrings["en"][key]
		if !ok {
			msg := "strings: unknown key %q"
			if near := nearest(key, known); near != "" {
				errs = append(errs, report.Errorf(name, keyLine(src, key), msg+"; did you mean %q?", key, near))
			} else {
				errs = append(errs, report.Errorf(name, keyLine(src, key), msg+"; the keys are listed in the README", key))
			}
			continue
		}
		for _, ph := range []string{"{n}", "{total}", "{name}"} {
			if strings.Contains(builtin, ph) && !strings.Contains(c.Strings[key], ph) {
				errs = append(errs, report.Errorf(name, keyLine(src, key), "strings.%s: %q must contain %s, where the number or name goes", key, c.Strings[key], ph))
			}
		}
	}
	return errs
}
