package web

// Browser tests drive the real pages in headless Chromium through the
// DevTools protocol (github.com/chromedp/chromedp): every page is checked
// with axe-core against WCAG 2.0, 2.1 and 2.2 A and AA (zero violations),
// for JavaScript errors and Content Security Policy violations, by
// keyboard alone, on a 360 px phone and with JavaScript switched off.
//
// BIRLIK_TEST_CHROMIUM names the browser (e.g. /usr/bin/chromium). Unset,
// the tests skip, except under CI=true where they fail. One browser serves
// the whole test binary; each test gets its own tab in its own browser
// context (fresh cookies), so tests do not see each other's sessions.
//
// To cover a new page, add it to browserPages: it is then checked in
// every language, with axe-core, for errors, and on a phone. For a flow,
// write a test; start it with startChromium so that it skips (or fails
// under CI) before building its server:
//
//	func TestBrowserOrganisationSearch(t *testing.T) {
//		startChromium(t)
//		e := newEnv(t)
//		b := newBrowser(t, e)
//		b.signIn(b.accountLike(coordinatorEmail)) // an account of its own
//		b.language("en")
//		b.visit("/organisations")
//		b.fill("#f-q", "izmit")
//		b.submit("form.filters button[type=submit]", http.StatusOK)
//		b.checkPage("organisations found by a Turkish query (en)")
//	}
//
// Each test gets its own tab and cookies, but the accounts of newEnv are
// shared, and switching the language while signed in is kept in the
// account: a test that runs in parallel and switches language should sign
// in as b.accountLike(email).

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"birlik"
	"birlik/accounts"
)

// chromiumEnv names the variable holding the path of the browser.
const chromiumEnv = "BIRLIK_TEST_CHROMIUM"

// axeTags are the axe-core rule tags every page must pass: WCAG 2.0, 2.1
// and 2.2 at levels A and AA. Best practices (the "best-practice" tag) are
// not run: they are advice, not conformance.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"}

// testLangs are the languages every page is checked in.
var testLangs = []string{"tr", "en", "fr"}

// phoneWidth and phoneHeight are the smallest screen the pages must fit.
const phoneWidth, phoneHeight = 360, 640

// actionTimeout bounds every browser action, so a page that never loads
// fails the test instead of hanging it.
const actionTimeout = 20 * time.Second

// chromium is the one browser of this test binary, started by the first
// test that needs it and closed by TestMain.
var chromium struct {
	once   sync.Once
	ctx    context.Context // the browser's first tab; tests open tabs beside it
	cancel func()
	err    error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if chromium.cancel != nil {
		chromium.cancel()
	}
	os.Exit(code)
}

// startChromium returns the shared browser, starting it on first use, or
// skips the test (fails it under CI) when no browser is configured.
func startChromium(t *testing.T) context.Context {
	t.Helper()
	path := os.Getenv(chromiumEnv)
	if path == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not set, but CI=true: the browser tests must run in CI", chromiumEnv)
		}
		t.Skipf("browser tests skipped: set %s to a Chromium binary (e.g. %s=/usr/bin/chromium) to run them", chromiumEnv, chromiumEnv)
	}
	chromium.once.Do(func() {
		// A fresh profile (chromedp makes a temporary --user-data-dir and
		// removes it) and no background traffic: closed networks refuse
		// Chromium's own connections, which would only add noise and delay.
		opts := append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(path),
			chromedp.Headless,
			chromedp.NoSandbox,
			chromedp.DisableGPU,
			chromedp.NoFirstRun,
			chromedp.Flag("disable-quic", true),
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			chromedp.WindowSize(1280, 900),
		)
		allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, cancelCtx := chromedp.NewContext(allocCtx)
		// The first Do starts the browser and binds it to ctx.
		if err := chromedp.Do(ctx); err != nil {
			chromium.err = err
		}
		chromium.ctx = ctx
		chromium.cancel = func() { cancelCtx(); cancelAlloc() }
	})
	if chromium.err != nil {
		t.Fatalf("start %s: %v", path, chromium.err)
	}
	return chromium.ctx
}

// browser is one tab, in a browser context of its own, pointed at a test
// server. Its methods fail the test on any error, so tests read as the
// steps a person takes.
type browser struct {
	t    *testing.T
	e    *testEnv
	ctx  context.Context
	js   bool   // JavaScript runs in the tab
	as   string // e-mail of the account signed in through signIn; "" for none
	lang string // language chosen through the switch; "" before any
	own  string // e-mail of the account accountLike made for this tab, if any

	mu        sync.Mutex
	problems  []string        // JavaScript errors, CSP violations, console errors; guarded by mu
	documents map[string]bool // URLs loaded as pages, whose status visit and submit check; guarded by mu
	// lastStatus and lastMethod are those of the page the tab shows; guarded by mu.
	lastStatus int
	lastMethod string
}

// browserOption changes how a tab starts.
type browserOption func(*browser)

// withoutJavaScript switches script execution off in the tab, to prove a
// page works without it.
func withoutJavaScript() browserOption { return func(b *browser) { b.js = false } }

// cspReporter runs before any page script and turns every CSP violation
// into a console error, which the tab's listener records. (Chromium also
// logs violations itself; this catches them even if it stops doing so.)
const cspReporter = `document.addEventListener("securitypolicyviolation", function (e) {
  console.error("CSP violation: " + e.violatedDirective + " blocked " + (e.blockedURI || "inline") + " at " + e.sourceFile + ":" + e.lineNumber);
});`

// newBrowser opens a tab for e's server. The tab closes when the test ends.
func newBrowser(t *testing.T, e *testEnv, opts ...browserOption) *browser {
	t.Helper()
	parent := startChromium(t)
	b := &browser{t: t, e: e, js: true, documents: map[string]bool{}}
	for _, o := range opts {
		o(b)
	}
	ctx, cancel := chromedp.NewContext(parent, chromedp.WithNewBrowserContext(), chromedp.WithListener(b.listen))
	t.Cleanup(cancel)
	b.ctx = ctx
	// The first action opens the tab and binds it to its context: give it
	// ctx itself, not a context with a timeout.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	axe, err := axeSource()
	if err != nil {
		t.Fatalf("axe-core: %v", err)
	}
	b.do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		// axe-core goes into every document of the tab as it starts: one
		// transfer instead of one per check, and Chromium caches the
		// compiled script.
		for _, src := range []string{cspReporter, axe} {
			if _, err := cdp.Call(ctx, tg, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: src}); err != nil {
				return err
			}
		}
		if !b.js {
			_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
			return err
		}
		return nil
	}))
	return b
}

// listen records what the page reports that a test must not ignore. It
// runs in the tab's event loop: it must return fast and send no command.
func (b *browser) listen(ev any) {
	var p string
	switch ev := ev.(type) {
	case *network.EventResponseReceived:
		if ev.Type == network.ResourceTypeDocument {
			b.mu.Lock()
			b.documents[ev.Response.URL] = true
			b.lastStatus = int(ev.Response.Status)
			b.mu.Unlock()
		}
		return
	case *network.EventRequestWillBeSent:
		if ev.Type == network.ResourceTypeDocument {
			b.mu.Lock()
			b.lastMethod = ev.Request.Method
			b.mu.Unlock()
		}
		return
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		p = "JavaScript error: " + d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			p += " " + d.Exception.Description
		}
		p += fmt.Sprintf(" (%s:%d)", d.URL, d.LineNumber+1)
	case *runtime.EventConsoleAPICalled:
		if ev.Type != runtime.ConsoleAPICalledTypeError && ev.Type != runtime.ConsoleAPICalledTypeAssert {
			return
		}
		var parts []string
		for _, a := range ev.Args {
			if s := string(a.Value); s != "" {
				var str string
				if json.Unmarshal(a.Value, &str) == nil {
					s = str
				}
				parts = append(parts, s)
			} else {
				parts = append(parts, a.Description)
			}
		}
		p = "console." + string(ev.Type) + ": " + strings.Join(parts, " ")
	case *cdplog.EventEntryAdded:
		en := ev.Entry
		switch {
		case en.Source == cdplog.EntrySourceSecurity || en.Source == cdplog.EntrySourceViolation:
			p = "browser (" + string(en.Source) + "): " + en.Text
		case en.Level == cdplog.EntryLevelError:
			b.mu.Lock()
			page := en.Source == cdplog.EntrySourceNetwork && b.documents[en.URL]
			b.mu.Unlock()
			if page {
				return // a page's status: visit and submit check it
			}
			p = "browser (" + string(en.Source) + "): " + en.Text + " " + en.URL
		default:
			return
		}
	default:
		return
	}
	b.mu.Lock()
	b.problems = append(b.problems, p)
	b.mu.Unlock()
}

// do runs actions in the tab, failing the test on error.
func (b *browser) do(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, actionTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.t.Fatalf("browser: %v (at %s)", err, b.location())
	}
}

// location is the tab's current URL, for messages.
func (b *browser) location() string {
	ctx, cancel := context.WithTimeout(b.ctx, 2*time.Second)
	defer cancel()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		return "?"
	}
	return strings.TrimPrefix(loc, b.e.ts.URL)
}

// url is the absolute address of a path on the test server.
func (b *browser) url(path string) string { return b.e.ts.URL + path }

// visit loads path (e.g. "/signin?lang=en") and fails unless it answers 200.
func (b *browser) visit(path string) { b.t.Helper(); b.visitStatus(path, http.StatusOK) }

// visitStatus loads path and fails unless it answers with status.
func (b *browser) visitStatus(path string, status int) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, actionTimeout)
	defer cancel()
	res, err := chromedp.Run(ctx, chromedp.NavigateResponse(b.url(path)))
	if err != nil {
		b.t.Fatalf("visit %s: %v", path, err)
	}
	if int(res.Status) != status {
		b.t.Fatalf("visit %s: status %d, want %d", path, res.Status, status)
	}
}

// fill types text into the field matched by the CSS selector sel.
func (b *browser) fill(sel, text string) {
	b.t.Helper()
	b.do(chromedp.Clear(chromedp.CSS(sel)), chromedp.SendKeys(chromedp.CSS(sel), text))
}

// submit clicks the button matched by sel, waits for the page it leads to
// (after redirects) and fails unless that page answers with status.
func (b *browser) submit(sel string, status int) {
	b.t.Helper()
	b.navigateBy(chromedp.Click(chromedp.CSS(sel)), status, "click "+sel)
}

// pressAndLoad presses keys (e.g. kb.Enter) and waits for the page they
// lead to, as submit does.
func (b *browser) pressAndLoad(keys string, status int) {
	b.t.Helper()
	b.navigateBy(keyboard(keys), status, fmt.Sprintf("press %q", keys))
}

func (b *browser) navigateBy(action chromedp.Action[chromedp.Void], status int, what string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, actionTimeout)
	defer cancel()
	res, err := chromedp.RunResponse(ctx, action)
	if err != nil {
		b.t.Fatalf("%s on %s: %v", what, b.location(), err)
	}
	if res == nil {
		b.t.Fatalf("%s on %s: no page loaded", what, b.location())
	}
	if int(res.Status) != status {
		b.t.Fatalf("%s: %s answered %d, want %d", what, strings.TrimPrefix(res.URL, b.e.ts.URL), res.Status, status)
	}
}

// press sends keys to the focused element: text, or keys of package kb
// such as kb.Tab.
func (b *browser) press(keys string) { b.t.Helper(); b.do(keyboard(keys)) }

// keyboard types keys as a keyboard does: for each key a raw key-down,
// a character event when it prints one, and a key-up. chromedp.KeyEvent
// sends a cooked key-down instead, after which Chromium does not drop the
// character event of a key whose key-down already acted: Enter on a link
// to a field would then also press Enter in the field and submit its
// form, which no keyboard does.
func keyboard(keys string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		for _, r := range keys {
			for _, ev := range kb.Encode(r) {
				if ev.Type == input.DispatchKeyEventTypeKeyDown {
					ev.Type = input.DispatchKeyEventTypeRawKeyDown
				}
				if _, err := cdp.Call(ctx, tg, input.DispatchKeyEvent, *ev); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// eval evaluates a JavaScript expression in the page and decodes its
// result into out (nil to ignore it).
func (b *browser) eval(expr string, out any) {
	b.t.Helper()
	if err := b.tryEval(expr, out); err != nil {
		b.t.Fatal(err)
	}
}

func (b *browser) tryEval(expr string, out any) error {
	ctx, cancel := context.WithTimeout(b.ctx, actionTimeout)
	defer cancel()
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		return fmt.Errorf("evaluate %.60q: %w", expr, err)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			return fmt.Errorf("evaluate %.60q: %w in %s", expr, err, raw)
		}
	}
	return nil
}

// describeFocus describes the focused element, e.g.
// `a.skip-link "Skip to main content"`: tag, id, classes, start of text.
const describeFocus = `(() => { const e = document.activeElement; if (!e) return "";
  return e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (typeof e.className === "string" && e.className.trim() ? "." + e.className.trim().split(/\s+/).join(".") : "") +
    ' "' + (e.innerText || e.value || "").trim().slice(0, 40) + '"'; })()`

// focused describes the focused element (see describeFocus).
func (b *browser) focused() string {
	b.t.Helper()
	var s string
	b.eval(describeFocus, &s)
	return s
}

// focusOn waits up to a second for the focus to reach the element that
// focused() describes starting with want (focus moves after a key event
// is handled, and after a fragment link's navigation), and returns the
// description of the focused element.
func (b *browser) focusOn(want string) string {
	b.t.Helper()
	deadline := time.Now().Add(time.Second)
	for {
		var f string
		err := b.tryEval(describeFocus, &f)
		if err == nil && strings.HasPrefix(f, want) {
			return f
		}
		if time.Now().After(deadline) {
			if err != nil {
				b.t.Fatal(err)
			}
			return f
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// html returns the outer HTML of the first element matched by sel. It
// reads the DOM directly, so it works with JavaScript switched off.
func (b *browser) html(sel string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, actionTimeout)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.OuterHTML(chromedp.CSS(sel), chromedp.NodeReady))
	if err != nil {
		b.t.Fatalf("read %s on %s: %v", sel, b.location(), err)
	}
	return s
}

// accountLike creates an account with the role, organisation and name of
// the test account with that e-mail, for this tab alone, and returns its
// e-mail. Its password is testPassword.
func (b *browser) accountLike(email string) string {
	b.t.Helper()
	u := b.e.users[email]
	if u == nil {
		b.t.Fatalf("no test account %s", email)
	}
	own := fmt.Sprintf("tab%d.%s", tabSeq.Add(1), email)
	ctx := birlik.WithActor(context.Background(), birlik.SystemActor)
	if _, _, err := b.e.accounts.Create(ctx, accounts.NewUser{Email: own, Name: u.Name, Role: u.Role, OrgID: u.OrgID, Password: testPassword}); err != nil {
		b.t.Fatalf("create an account like %s: %v", email, err)
	}
	return own
}

// tabSeq numbers the accounts accountLike makes.
var tabSeq atomic.Int64

// signIn signs in through the sign-in form, as a person would.
func (b *browser) signIn(email string) {
	b.t.Helper()
	if b.as == email {
		return
	}
	if b.as != "" {
		b.submit("header form[action='/signout'] button", http.StatusOK)
	}
	b.visit("/signin")
	b.fill("#f-email", email)
	b.fill("#f-password", testPassword)
	b.submit("main form button[type=submit]", http.StatusOK)
	if loc := b.location(); strings.HasPrefix(loc, "/signin") {
		b.t.Fatalf("sign in as %s: still on %s", email, loc)
	}
	b.as = email
}

// language switches the interface language with the buttons in the
// header, as a person would; the choice is kept in a cookie and, when
// signed in, in the account. The switch leads back to the page it is on,
// or to the home page from a page that is not 200.
func (b *browser) language(lang string) {
	b.t.Helper()
	if b.lang == lang {
		return
	}
	if !b.onOKPage() {
		b.visit("/")
	}
	b.submit(`form.lang-switch button[value="`+lang+`"]`, http.StatusOK)
	b.lang = lang
}

// onOKPage reports whether the tab shows a page of the test server that
// answered 200 to a GET, so that going back to it after a POST gives the
// same page.
func (b *browser) onOKPage() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.lastStatus == http.StatusOK && b.lastMethod == http.MethodGet
}

// checkPage runs every check that applies to any page: accessibility,
// and no JavaScript error, CSP violation or console error.
func (b *browser) checkPage(name string) {
	b.t.Helper()
	b.checkAccessible(name)
	b.checkClean(name)
}

// checkClean fails the test with every JavaScript error, CSP violation and
// console error the tab reported since the last check.
func (b *browser) checkClean(name string) {
	b.t.Helper()
	b.mu.Lock()
	problems := b.problems
	b.problems = nil
	b.mu.Unlock()
	for _, p := range problems {
		b.t.Errorf("%s: %s", name, p)
	}
}

// checkAccessible runs axe-core on the page (see checkAccessible).
func (b *browser) checkAccessible(name string) {
	b.t.Helper()
	if !b.js {
		b.t.Fatalf("%s: axe needs JavaScript; check the page in a tab that runs it", name)
	}
	checkAccessible(b.t, b.ctx, name)
}

// checkFits fails if the page is wider than the viewport, i.e. it scrolls
// sideways, naming the elements that stick out.
func (b *browser) checkFits(name string) {
	b.t.Helper()
	var r struct {
		ScrollWidth, Width int
		Wide               []string
	}
	b.eval(`(() => {
	  const w = window.innerWidth, wide = [];
	  for (const e of document.body.querySelectorAll("*")) {
	    const r = e.getBoundingClientRect();
	    if (r.right > w + 0.5 && r.width > 0) wide.push(e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (typeof e.className === "string" && e.className ? "." + e.className.trim().split(/\s+/).join(".") : "") + " (right edge " + Math.round(r.right) + ")");
	  }
	  return {scrollWidth: document.documentElement.scrollWidth, width: w, wide: wide.slice(0, 10)};
	})()`, &r)
	if r.ScrollWidth > r.Width {
		b.t.Errorf("%s: the page is %d px wide in a %d px viewport; too wide: %s", name, r.ScrollWidth, r.Width, strings.Join(r.Wide, ", "))
	}
}

// phone makes the tab a 360×640 phone screen (a mobile viewport, so the
// page's meta viewport applies).
func (b *browser) phone() {
	b.t.Helper()
	b.do(chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateMobile))
}

// axeViolation is one failed axe rule and where it failed.
type axeViolation struct {
	ID      string `json:"id"`
	Impact  string `json:"impact"`
	Help    string `json:"help"`
	HelpURL string `json:"helpUrl"`
	Nodes   []struct {
		Target  []any  `json:"target"`
		HTML    string `json:"html"`
		Summary string `json:"failureSummary"`
	} `json:"nodes"`
}

// axeSource is axe-core, vendored from the npm registry under
// testdata/axe (see its README); test-only, never served.
var axeSource = sync.OnceValues(func() (string, error) {
	b, err := os.ReadFile("testdata/axe/axe.min.js")
	return string(b), err
})

// checkAccessible runs axe-core on the page of the tab ctx with the WCAG
// A and AA rules (axeTags). Every violation fails the test, with its rule,
// impact, help text and the elements it found.
func checkAccessible(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	violations, err := runAxe(ctx)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	for _, v := range violations {
		t.Errorf("%s: %s", name, v)
	}
}

// runAxe runs axe-core on the page of the tab ctx, injecting it first
// when the page does not have it, and returns the violations of axeTags.
func runAxe(ctx context.Context) ([]axeViolation, error) {
	src, err := axeSource()
	if err != nil {
		return nil, fmt.Errorf("axe-core: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, actionTimeout)
	defer cancel()
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof window.axe === "object"`))
	if err != nil {
		return nil, err
	}
	if !loaded {
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](src)); err != nil {
			return nil, fmt.Errorf("load axe-core: %w", err)
		}
	}
	tags, _ := json.Marshal(axeTags)
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](`axe.run(document, {
	  runOnly: {type: "tag", values: `+string(tags)+`},
	  resultTypes: ["violations"]
	}).then(r => r.violations)`, chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, fmt.Errorf("run axe-core: %w", err)
	}
	var violations []axeViolation
	if err := json.Unmarshal(raw, &violations); err != nil {
		return nil, fmt.Errorf("axe-core result: %w", err)
	}
	return violations, nil
}

// String tells what failed and where, for a test failure.
func (v axeViolation) String() string {
	var s strings.Builder
	fmt.Fprintf(&s, "axe %s (%s): %s\n    %s", v.ID, v.Impact, v.Help, v.HelpURL)
	for _, n := range v.Nodes {
		fmt.Fprintf(&s, "\n      %v  %s", n.Target, n.HTML)
		if n.Summary != "" {
			fmt.Fprintf(&s, "\n        %s", strings.ReplaceAll(n.Summary, "\n", "\n        "))
		}
	}
	return s.String()
}

// TestBrowserAxe makes sure the accessibility check can fail: axe-core
// runs with the WCAG rules and reports a flaw put into a page on purpose.
func TestBrowserAxe(t *testing.T) {
	startChromium(t)
	e := newEnv(t)
	b := newBrowser(t, e)
	b.visit("/")
	b.eval(`(() => { const i = document.createElement("img"); i.src = "/static/img/logo.svg"; document.querySelector("main").append(i); return true; })()`, nil)
	violations, err := runAxe(b.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(violations) != 1 || violations[0].ID != "image-alt" {
		t.Errorf("axe found %v, want image-alt alone", violations)
	}
}

// browserPage is a page every browser test checks, and how a tab reaches
// it once signed in (or not) and switched to a language.
type browserPage struct {
	name string
	as   string           // e-mail of the account to sign in as first; "" for the public
	path string           // the page; or:
	open func(b *browser) // the steps that lead to the page, when a path is not enough
}

// browserPages lists the pages TestBrowserPages checks in every language,
// signed in as each needs. Add new pages here.
func browserPages() []browserPage {
	var setPath string // one reset link serves every visit
	return []browserPage{
		{name: "home", path: "/"},
		{name: "home signed in", as: adminEmail, path: "/"},
		{name: "home as focal point", as: focalEmail, path: "/"},
		{name: "sign-in", path: "/signin"},
		{name: "sign-in refused", open: func(b *browser) {
			b.visit("/signin")
			b.fill("#f-email", adminEmail)
			b.fill("#f-password", "not the password")
			b.submit("main form button[type=submit]", http.StatusUnprocessableEntity)
			summaryHasFocus(b)
		}},
		{name: "password forgot", path: "/password/forgot"},
		{name: "password forgot refused", open: func(b *browser) {
			b.visit("/password/forgot")
			b.submit("main form button[type=submit]", http.StatusUnprocessableEntity)
			summaryHasFocus(b)
		}},
		{name: "password set", open: func(b *browser) {
			if setPath == "" {
				setPath = resetPath(b, viewerEmail)
			}
			b.visit(setPath)
		}},
		{name: "not found", open: func(b *browser) { b.visitStatus("/no/such/page", http.StatusNotFound) }},
		{name: "profile", as: viewerEmail, path: "/profile"},
		{name: "accounts", as: adminEmail, path: "/admin/users"},
		{name: "account invitation", as: adminEmail, path: "/admin/users/new"},
		{name: "audit log", as: adminEmail, path: "/admin/audit"},
	}
}

// summaryHasFocus fails unless the page's error summary has focus, as it
// must after a refused form.
func summaryHasFocus(b *browser) {
	b.t.Helper()
	if f := b.focusOn("div#error-summary"); !strings.HasPrefix(f, "div#error-summary") {
		b.t.Errorf("after a refused form, focus is on %s, want the error summary", f)
	}
}

// resetPath asks for a password reset link for email (through the forgot
// form in the tab) and returns the link's path, read from the e-mail the
// SMTP sink received.
func resetPath(b *browser, email string) string {
	b.t.Helper()
	before := len(b.e.mail.Messages())
	b.visit("/password/forgot")
	b.fill("#f-email", email)
	b.submit("main form button[type=submit]", http.StatusOK)
	msgs := b.e.mail.Wait(before+1, 5*time.Second)
	if len(msgs) <= before {
		b.t.Fatalf("no reset mail for %s", email)
	}
	body := msgs[len(msgs)-1].Body
	i := strings.Index(body, b.e.ts.URL+"/password/set/")
	if i < 0 {
		b.t.Fatalf("no link in the reset mail: %q", body)
	}
	return strings.TrimPrefix(strings.Fields(body[i:])[0], b.e.ts.URL)
}

// openIn brings b to page p in lang: it signs in when p needs it, and
// switches the language with the switch in the header, on the page itself
// when it has a path (the switch comes back to it, so each language costs
// one page load), before the steps of open otherwise. Signed in, it uses
// an account of its own made like p.as, since pages are checked in
// parallel and the switch keeps the language in the account.
func (p browserPage) openIn(b *browser, lang string) {
	b.t.Helper()
	if p.as != "" {
		if b.own == "" {
			b.own = b.accountLike(p.as)
		}
		b.signIn(b.own)
	}
	if p.open != nil {
		b.language(lang)
		p.open(b)
	} else {
		if b.location() != p.path || !b.onOKPage() {
			b.visit(p.path)
		}
		if b.lang == lang {
			b.visit(p.path)
		} else {
			b.language(lang)
		}
	}
	var htmlLang string
	b.eval(`document.documentElement.lang`, &htmlLang)
	if htmlLang != lang {
		b.t.Errorf("%s: <html lang=%q>, want %q", p.name, htmlLang, lang)
	}
}

// TestBrowserReportsProblems makes sure the tab's listener catches what
// checkClean must fail on: a CSP violation and a JavaScript error.
func TestBrowserReportsProblems(t *testing.T) {
	startChromium(t)
	e := newEnv(t)
	b := newBrowser(t, e)
	b.visit("/")
	b.eval(`document.querySelector("main").insertAdjacentHTML("beforeend", '<p style="color: red">inline style</p>'); true`, nil)
	b.eval(`setTimeout(() => { throw new Error("on purpose") }, 0); new Promise(r => setTimeout(r, 50))`, nil)
	b.mu.Lock()
	problems := strings.Join(b.problems, "\n")
	b.problems = nil
	b.mu.Unlock()
	for _, want := range []string{"CSP violation: style-src-attr", "on purpose"} {
		if !strings.Contains(problems, want) {
			t.Errorf("the listener did not report %q; it reported:\n%s", want, problems)
		}
	}
}

// checkPages checks each page in every language for JavaScript errors
// and CSP violations, with axe-core in Turkish (the default), then on a
// phone screen, where it must also fit and axe-core runs again; a tab
// each, in parallel. Every area's browser test calls it with its own
// pages.
func checkPages(t *testing.T, e *testEnv, pages []browserPage) {
	t.Helper()
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			t.Parallel() // a tab each
			b := newBrowser(t, e)
			for i, lang := range testLangs {
				p.openIn(b, lang)
				// axe-core in the default language and on the phone;
				// the other languages' pages have the same markup with
				// other words, so they are checked for what words can
				// break: errors, CSP violations (and, by the catalogue
				// tests, every key present). axe takes most of a page's
				// check, and there are a hundred pages.
				if i == 0 {
					b.checkPage(p.name + " (" + lang + ")")
				} else {
					b.checkClean(p.name + " (" + lang + ")")
				}
			}
			b.phone()
			p.openIn(b, "tr")
			b.checkFits(p.name + " on a phone")
			b.checkPage(p.name + " on a phone")
		})
	}
}

// TestBrowserPages checks every page in every language (see checkPages),
// then on a phone screen.
func TestBrowserPages(t *testing.T) {
	startChromium(t)
	e := newEnv(t)
	checkPages(t, e, browserPages())
}

// TestBrowserErrorSummary checks that a refused form moves focus to its
// error summary, whose links lead to the fields.
func TestBrowserErrorSummary(t *testing.T) {
	startChromium(t)
	e := newEnv(t)
	b := newBrowser(t, e)
	b.language("en")
	b.visit("/signin")
	b.submit("main form button[type=submit]", http.StatusUnprocessableEntity)
	summaryHasFocus(b)
	b.press(kb.Tab)
	var href string
	b.eval(`document.activeElement.getAttribute("href")`, &href)
	if href != "#f-email" {
		t.Errorf("Tab from the summary: focus on %s, want the link to the e-mail field", b.focused())
	}
	b.press(kb.Enter)
	if f := b.focusOn("input#f-email"); !strings.HasPrefix(f, "input#f-email") {
		t.Errorf("Enter on the summary's link: focus on %s, want the e-mail field", f)
	}
	b.checkPage("sign-in refused, summary followed")
}

// TestBrowserKeyboard uses the site by keyboard alone: the skip link comes
// first and leads to the main content, and signing in needs no mouse.
func TestBrowserKeyboard(t *testing.T) {
	startChromium(t)
	e := newEnv(t)
	b := newBrowser(t, e)

	t.Run("skip link", func(t *testing.T) {
		b.t = t
		for _, path := range []string{"/", "/signin", "/password/forgot"} {
			b.visit(path)
			b.press(kb.Tab)
			if f := b.focusOn("a.skip-link"); !strings.HasPrefix(f, "a.skip-link") {
				t.Errorf("%s: the first Tab focuses %s, want the skip link", path, f)
				continue
			}
			var visible bool
			b.eval(`(() => { const r = document.activeElement.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight && r.width > 0; })()`, &visible)
			if !visible {
				t.Errorf("%s: the focused skip link is not on screen", path)
			}
			b.press(kb.Enter)
			if f := b.focusOn("main#main"); !strings.HasPrefix(f, "main#main") {
				t.Errorf("%s: Enter on the skip link focuses %s, want main", path, f)
			}
			// The next Tab goes on from the main content, not the header.
			b.press(kb.Tab)
			var inMain bool
			b.eval(`!!document.activeElement.closest("main")`, &inMain)
			if !inMain {
				t.Errorf("%s: Tab after skipping focuses %s, outside main", path, b.focused())
			}
		}
		b.checkClean("skip link")
	})

	t.Run("sign in", func(t *testing.T) {
		b.t = t
		b.visit("/signin")
		tabTo(t, b, "input#f-email")
		b.press(adminEmail)
		b.press(kb.Tab)
		if f := b.focusOn("input#f-password"); !strings.HasPrefix(f, "input#f-password") {
			t.Fatalf("Tab from the e-mail field focuses %s, want the password", f)
		}
		b.press(testPassword)
		b.pressAndLoad(kb.Enter, http.StatusOK)
		if loc := b.location(); loc != "/" {
			t.Errorf("after signing in by keyboard: on %s, want /", loc)
		}
		if !strings.Contains(b.html("header"), "Ayşe Admin") {
			t.Error("after signing in by keyboard, the header does not name the account")
		}
		b.checkClean("keyboard sign-in")
	})
}

// tabTo presses Tab from the top of the page until the element described
// by want (as focused() describes it) has focus, or fails.
func tabTo(t *testing.T, b *browser, want string) {
	t.Helper()
	var seen []string
	for range 40 {
		b.press(kb.Tab)
		f := b.focused()
		if strings.HasPrefix(f, want) {
			return
		}
		seen = append(seen, f)
	}
	t.Fatalf("Tab never reached %s; focus went through %s", want, strings.Join(seen, ", "))
}

// TestBrowserWithoutJavaScript proves the forms work with JavaScript off.
func TestBrowserWithoutJavaScript(t *testing.T) {
	startChromium(t)
	e := newEnv(t)
	b := newBrowser(t, e, withoutJavaScript())
	b.visit("/signin")
	b.submit("main form button[type=submit]", http.StatusUnprocessableEntity)
	if s := b.html("main"); !strings.Contains(s, `id="error-summary"`) {
		t.Fatalf("no error summary after an empty sign-in without JavaScript")
	}
	// Page scripts really are off: birlik.js would have focused the summary.
	var active string
	b.eval(`document.activeElement.id`, &active)
	if active == "error-summary" {
		t.Fatal("the error summary has focus: page scripts ran in a tab without JavaScript")
	}
	b.fill("#f-email", adminEmail)
	b.fill("#f-password", testPassword)
	b.submit("main form button[type=submit]", http.StatusOK)
	if !strings.Contains(b.html("header"), "Ayşe Admin") {
		t.Fatal("not signed in after submitting the form without JavaScript")
	}
	b.submit("header form[action='/signout'] button", http.StatusOK)
	if strings.Contains(b.html("header"), "Ayşe Admin") {
		t.Error("still signed in after signing out without JavaScript")
	}
	b.checkClean("without JavaScript")
}
