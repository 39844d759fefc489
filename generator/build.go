package generator

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator/content"
	"github.com/rainmaker-blog/rainmaker/generator/images"
	"github.com/rainmaker-blog/rainmaker/generator/layouts"
	"github.com/rainmaker-blog/rainmaker/generator/markdown"
	"github.com/rainmaker-blog/rainmaker/generator/publish"
	"github.com/rainmaker-blog/rainmaker/generator/render"
	"github.com/rainmaker-blog/rainmaker/generator/report"
	"github.com/rainmaker-blog/rainmaker/generator/site"
	"github.com/rainmaker-blog/rainmaker/generator/source"
)

// Options says what to build and how.
type Options struct {
	Source  string // the site's root folder; "" means the current folder
	Output  string // where the site goes; "" means Source/public
	Theme   fs.FS  // built-in defaults: layouts/ and static/
	Drafts  bool   // build pages marked draft
	Future  bool   // build pages dated after Now
	BaseURL string // overrides site.toml's base_url when not empty
	Clean   bool   // ignore the build cache
	// Purge makes a clean build that then removes every copy the build
	// keeps of what the site no longer has: the image cache's variants
	// and cards no page used, and the previous output the next build
	// would be made in. For after a story is withdrawn or forgotten.
	Purge bool
	Now   time.Time
	Log   io.Writer // stage timings go here when not nil
	// Scanned, when set, is told how many content files the site has
	// before any is read: the command sizes its memory limit by it.
	Scanned func(files int)
	// URLsOf are content files (site-relative, like
	// "content/stories/x.md") whose pages' absolute URLs the Result
	// carries in URLs: how a caller learns where a page went without
	// guessing the permalink.
	URLsOf []string

	slowTemplates bool // render with html/template alone, for comparisons
	// memory, when set, is where the site goes instead of Output: for
	// the dev server, the checker and tests.
	memory *publish.Memory
	// dev carries the dev server's cache from one build to the next.
	dev *DevSite
}

// Result tells what a build did.
type Result struct {
	Pages int // articles, stories and standalone pages published
	// Warnings are what the author should look at although the site was
	// built: a field that looks misspelt, raw HTML the sanitizer changed,
	// files of other generators that are not built.
	Warnings []error
	// LeftOut says what was not published, and why, like "2 drafts and 1
	// future post not built (--drafts and --future build them)"; "" when
	// everything was.
	LeftOut     string
	Files       int64 // files written
	Carried     int64 // files kept as the previous build wrote them
	Bytes       int64 // written
	Incremental bool  // the previous build's cache applied
	// ImagesEncoded counts the images decoded and encoded by this build:
	// 0 when every image was as the last build left it.
	ImagesEncoded int64
	Duration      time.Duration
	// URLs maps each file of Options.URLsOf that became a page to its
	// absolute URL; a file that is not published (a draft) is missing.
	URLs map[string]string
	// OnPublish is site.toml's on_publish, as this build read it.
	OnPublish string
}

// builder carries one build's state from stage to stage.
type builder struct {
	opts      Options
	site      fs.FS
	config    Config
	layouts   *layouts.Layouts
	md        *markdown.Markdown
	rules     *content.Rules
	scan      scanned
	files     []string
	pages     []*Page
	leftOut   leftOut
	warnings  []error
	assembled *Site
	resources map[string]string // content files that are not Markdown -> their output path
	images    *render.ImageSet
	cards     render.Cards // nil when the site has social cards off
	render    *render.Renderer
	plan      *render.Plan
	writer    publish.Writer
	disk      *publish.Disk // when the site goes to disk

	configSrc []byte
	inputs    string       // see inputsHash
	cache     *buildCache  // the previous build's, when it applies
	next      *buildCache  // this build's, saved when it succeeds
	saving    *pendingSave // the cache, written from the lists stage on

	imageIndex    *imageIndex // this build's, saved when it succeeds
	imagesEncoded int64
	imageProc     *images.Processor
}

// Build builds a site. Content errors are all collected and returned
// together as an ErrorList of FileErrors; the previous output is then
// left exactly as it was.
func Build(opts Options) (*Result, error) {
	start := time.Now()
	if opts.Purge {
		opts.Clean = true // every image and card used is looked up, so the rest can go
	}
	b, err := newBuilder(opts)
	if err != nil {
		return nil, err
	}
	if err := b.run(""); err != nil {
		return nil, err
	}
	if opts.Purge {
		if err := b.purge(); err != nil {
			return nil, fmt.Errorf("the site is built, but removing the build's old copies failed: %w", err)
		}
	}
	if opts.Log != nil && b.layouts != nil {
		b.layouts.ReportExecutors(opts.Log)
	}
	res := &Result{Pages: len(b.pages), Duration: time.Since(start), Warnings: b.allWarnings(), LeftOut: b.leftOut.String(),
		Incremental: b.cache != nil}
	var st publish.Stats
	if b.disk != nil {
		st = b.disk.Stats()
	} else {
		st = b.opts.memory.Stats()
	}
	res.Files, res.Carried, res.Bytes = st.Written, st.Carried, st.Bytes
	res.ImagesEncoded = b.imagesEncoded
	res.URLs = b.urlsOf(opts.URLsOf)
	res.OnPublish = b.config.OnPublish
	return res, nil
}

type stage struct {
	name string
	run  func() error
}

// stages are the build's steps, in order: the one list of them.
func (b *builder) stages() []stage {
	return []stage{
		{"read config", b.readConfig},
		{"load layouts", b.loadLayouts},
		{"prepare output", b.prepareOutput},
		{"scan content", b.scanContent},
		{"read front matter", b.readFrontMatter},
		{"assemble site", b.assemble},
		{"process images", b.processImages},
		{"plan", b.makePlan},
		{"render pages", b.renderPages},
		{"render the rest", b.renderRest},
		{"publish", b.publish},
		{"save cache", b.saveCache},
	}
}

// run runs the stages up to and including the one named last, or all of
// them. A failed stage leaves the output and the cache as they were.
func (b *builder) run(last string) error {
	for _, st := range b.stages() {
		t, cpu := time.Now(), processCPUTime()
		if err := st.run(); err != nil {
			if b.disk != nil {
				b.disk.Abort()
			}
			if b.saving != nil {
				b.saving.abandon()
			}
			return b.withSourcePrefix(err)
		}
		if b.opts.Log != nil {
			// CPU time over wall time shows how many cores a stage kept busy.
			wall := time.Since(t)
			fmt.Fprintf(b.opts.Log, "%-18s %8.1f ms  %4.2f cores\n", st.name, float64(wall.Microseconds())/1000,
				float64(processCPUTime()-cpu)/float64(max(wall, 1)))
		}
		if st.name == last {
			return nil
		}
	}
	return nil
}

func newBuilder(opts Options) (*builder, error) {
	if opts.Source == "" {
		opts.Source = "."
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	if opts.memory == nil {
		if opts.Output == "" {
			opts.Output = filepath.Join(opts.Source, "public")
		}
		if err := checkOutputPlace(opts.Source, opts.Output); err != nil {
			return nil, err
		}
	}
	return &builder{opts: opts, site: source.New(opts.Source)}, nil
}

// checkOutputPlace refuses an output folder whose swap would replace the
// site's own sources.
func checkOutputPlace(source, output string) error {
	src, err := filepath.Abs(source)
	if err != nil {
		return err
	}
	out, err := filepath.Abs(output)
	if err != nil {
		return err
	}
	if out == src || strings.HasPrefix(src+string(filepath.Separator), out+string(filepath.Separator)) {
		return fmt.Errorf("output folder %s would replace the site's sources; choose a folder like %s", output, filepath.Join(source, "public"))
	}
	for _, d := range []string{contentDir, layouts.Dir, render.StaticDir} {
		inside := filepath.Join(src, d)
		if out == inside || strings.HasPrefix(out, inside+string(filepath.Separator)) {
			return fmt.Errorf("output folder %s is inside the site's %s/ folder; choose a folder like %s", output, d, filepath.Join(source, "public"))
		}
	}
	return nil
}

// withSourcePrefix makes FileError paths usable from the current folder.
func (b *builder) withSourcePrefix(err error) error {
	if b.opts.Source == "." {
		return err
	}
	prefix := func(e error) {
		var fe *FileError
		if errors.As(e, &fe) && !strings.HasPrefix(fe.Path, "(built-in)") {
			fe.Path = path.Join(filepath.ToSlash(b.opts.Source), fe.Path)
		}
	}
	var list ErrorList
	if errors.As(err, &list) {
		for _, e := range list {
			prefix(e)
		}
		return err
	}
	prefix(err)
	return err
}

func (b *builder) readConfig() error {
	src, err := fs.ReadFile(b.site, ConfigFile)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s: not found in %s; create it with at least title and base_url (see the README)", ConfigFile, b.opts.Source)
	}
	if err != nil {
		return fmt.Errorf("read %s: %w", ConfigFile, err)
	}
	cfg, err := ParseConfig(strings.NewReader(string(src)), ConfigFile)
	if err != nil {
		return err
	}
	if b.opts.BaseURL != "" {
		cfg.BaseURL = b.opts.BaseURL
	}
	var errs report.List
	for _, err := range []error{cfg.Validate(ConfigFile, string(src)), cfg.CheckFiles(b.site, ConfigFile, string(src))} {
		if l, ok := err.(report.List); ok {
			errs = append(errs, l...)
		} else if err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return errs.ErrOrNil()
	}
	b.config = cfg
	b.configSrc = src
	b.rules = content.NewRules(&b.config)
	b.md = markdown.New(markdown.Options{
		UnsafeHTML: cfg.UnsafeHTML, SanitizeHTML: !cfg.UnsafeHTML,
		Embeds: markdown.EmbedMode(cfg.Embeds), TOCMinHeadings: cfg.TOCMinHeadings, Texts: cfg.Texts(),
		CTA: markdown.CTALink{Text: cfg.CTA.Text, URL: ctaURL(cfg)},
	})
	return nil
}

// loadLayouts reads the layouts, or, in the dev server, takes the last
// build's when the watcher saw no change in layouts/.
func (b *builder) loadLayouts() (err error) {
	if d := b.opts.dev; d != nil && d.layouts != nil && d.cache != nil && !d.cache.changedUnder(layouts.Dir) {
		b.layouts = d.layouts
	} else if b.layouts, err = layouts.Load(b.site, b.opts.Theme); err != nil {
		if b.opts.dev != nil {
			b.opts.dev.layouts = nil // until they load again
		}
		return err
	}
	b.layouts.Slow = b.opts.slowTemplates
	if b.opts.dev != nil {
		b.opts.dev.layouts = b.layouts
	}
	inputs := inputsHash(b.configSrc, b.opts)
	b.inputs = inputs
	if b.opts.dev != nil {
		if c := b.opts.dev.cache; c != nil && c.Inputs == inputs {
			b.cache = c
		}
		b.next = newBuildCache(inputs, "")
		return nil
	}
	if b.opts.memory != nil {
		return nil // other builds to memory keep no cache
	}
	output, err := filepath.Abs(b.opts.Output)
	if err != nil {
		return err
	}
	if !b.opts.Clean {
		b.cache = loadCache(b.opts.Source, inputs, output)
	}
	b.next = newBuildCache(inputs, output)
	return nil
}

func (b *builder) scanContent() error {
	if d := b.opts.dev; d != nil && d.scanned != nil && b.cache != nil && b.cache.sameFiles(b.site, d.scanned) {
		b.scan, b.files = *d.scanned, d.scanned.files
		return nil
	}
	var errs ErrorList
	b.scan, errs = scanContent(b.site)
	if d := b.opts.dev; d != nil && len(errs) == 0 {
		found := b.scan
		d.scanned = &found
	}
	b.files = b.scan.files
	if b.opts.Scanned != nil {
		b.opts.Scanned(len(b.files))
	}
	return errs.ErrOrNil()
}

func (b *builder) readFrontMatter() error {
	var errs ErrorList
	b.pages, b.leftOut, errs = loadPages(b.site, b.files, b.opts.Drafts, b.opts.Future, b.opts.Now, b.cache, b.rules)
	return errs.ErrOrNil()
}

func (b *builder) assemble() error {
	var errs ErrorList
	var memo *render.Memo
	if b.opts.dev != nil {
		// The dev server's: the last site again while no page's metadata
		// changed, with the edited pages in place.
		memo = &b.opts.dev.memo
		b.assembled, errs = memo.Assemble(b.config, render.MetadataFingerprint(b.inputs, b.pages), b.pages)
	} else {
		b.assembled, errs = site.Assemble(b.config, b.pages)
	}
	if err := errs.ErrOrNil(); err != nil {
		return err
	}
	b.resources = b.resourceOutputs()
	return nil
}

// makePlan lists the site's files.
func (b *builder) makePlan() (err error) {
	b.newRenderer()
	b.plan, err = b.render.Plan()
	return err
}

// newRenderer prepares the rendering of the assembled site.
func (b *builder) newRenderer() {
	var memo *render.Memo
	if b.opts.dev != nil {
		memo = &b.opts.dev.memo
	}
	b.render = render.New(b.assembled, render.Input{
		Layouts: b.layouts, Markdown: b.md, Source: b.site, Theme: b.opts.Theme, Now: b.opts.Now,
		Inputs: b.inputs, Resources: b.resources, Memo: memo, Images: b.images,
		Cards: b.cards,
	})
}

// prepareOutput opens the writer the site's files go through: the memory
// given, else the output folder's standby, with what the previous build
// left in both when the cache tells. It opens early, since the disk
// writer looks over the standby folder while the build goes on.
func (b *builder) prepareOutput() (err error) {
	if b.opts.memory != nil {
		b.writer = b.opts.memory
		return nil
	}
	var prev publish.Previous
	if b.cache != nil {
		prev = b.cache.Outputs
	}
	if b.disk, err = publish.NewDisk(b.opts.Output, prev); err != nil {
		return err
	}
	b.writer = b.disk
	return nil
}

// allWarnings are the build's warnings: each page's, and the files it
// does not build, in file order.
func (b *builder) allWarnings() []error {
	var list ErrorList
	for _, p := range b.pages {
		for _, n := range slices.Concat(p.Notes, p.RenderNotes) {
			list = append(list, fileErrorf(p.SourcePath, n.Line, "%s", n.Msg))
		}
	}
	list = append(list, b.warnings...)
	for _, f := range b.scan.sectionFiles {
		list = append(list, fileErrorf(f, 0, "a section's index file (Hugo, Zola) is not built; a section's title and order are Rainmaker's own"))
	}
	if len(list) == 0 {
		return nil
	}
	list = list.Sorted()
	if b.opts.Source != "." {
		b.withSourcePrefix(list)
	}
	return list
}

func (b *builder) renderPages() error {
	if err := b.plan.ExecutePages(b.writer); err != nil {
		return err
	}
	b.next.setRendered(b.pages)
	return nil
}

// renderRest renders the lists and the other files while the cache, whose
// records of the pages are final now, is written beside them.
func (b *builder) renderRest() error {
	if b.disk != nil && b.next != nil {
		b.saving = b.next.beginSave(b.opts.Source)
	}
	return b.plan.ExecuteRest(b.writer)
}

// publish swaps the staged site in for the output.
func (b *builder) publish() error {
	if b.disk == nil {
		return nil // built to memory; the caller serves it
	}
	if err := b.disk.Commit(); err != nil {
		return err
	}
	if b.next != nil {
		b.next.Outputs = b.disk.Manifests()
	}
	return nil
}

func (b *builder) saveCache() error {
	b.saveImageIndex()
	if b.opts.dev != nil {
		b.opts.dev.cache = b.next
		return nil
	}
	if b.saving == nil {
		return nil
	}
	err := b.saving.finish()
	b.saving = nil
	if err != nil {
		// The site is published; only the next build's head start is lost.
		os.Remove(cacheFile(b.opts.Source, b.next.Output))
	}
	return nil
}
