package main

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/go-logr/logr"
	"k8s.io/klog/v2"
)

var started = time.Now()

// logf writes one line of this program's own progress to stderr, with the seconds since start.
func logf(format string, args ...any) {
	elapsed := time.Since(started).Seconds()
	fmt.Fprintf(os.Stderr, "mesh-test-apiserver: [%5.1fs] "+format+"\n", append([]any{elapsed}, args...)...)
}

// setupLogging routes klog through a sink that keeps only errors unless verbose is set:
// kube-apiserver logs hundreds of info lines at -v=0.
func setupLogging(verbose bool) {
	startupLog.open = verbose
	klog.SetLogger(logr.New(&stderrSink{verbose: verbose}))
}

// startupLog holds back kube-apiserver's error lines until READY: while it bootstraps it reports
// transient errors (kube-system not created yet, ...) that mean nothing once it is ready. They are
// printed only if the start fails.
var startupLog = &gate{}

type gate struct {
	mu   sync.Mutex
	open bool
	held []string
}

func (g *gate) write(line string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.open {
		os.Stderr.WriteString(line)
		return
	}
	if len(g.held) < 500 {
		g.held = append(g.held, line)
	}
}

// hold holds lines back again: while stopping, every watch and informer reports its cancellation.
func (g *gate) hold(verbose bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.open = verbose
}

// release drops the held lines (print=false, start succeeded) or prints them, then passes lines through.
func (g *gate) release(print bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if print {
		for _, line := range g.held {
			os.Stderr.WriteString(line)
		}
	}
	g.held = nil
	g.open = true
}

type stderrSink struct {
	name    string
	values  []any
	verbose bool
}

func (s *stderrSink) Init(logr.RuntimeInfo) {}

func (s *stderrSink) Enabled(level int) bool { return s.verbose && level <= 0 }

func (s *stderrSink) Info(_ int, msg string, kv ...any) {
	if s.verbose {
		s.write("I", msg, kv)
	}
}

func (s *stderrSink) Error(err error, msg string, kv ...any) {
	if err != nil {
		kv = append([]any{"err", err}, kv...)
	}
	s.write("E", msg, kv)
}

func (s *stderrSink) WithValues(kv ...any) logr.LogSink {
	c := *s
	c.values = append(append([]any{}, s.values...), kv...)
	return &c
}

func (s *stderrSink) WithName(name string) logr.LogSink {
	c := *s
	if c.name != "" {
		name = c.name + "/" + name
	}
	c.name = name
	return &c
}

func (s *stderrSink) write(level, msg string, kv []any) {
	var b strings.Builder
	b.WriteString(level)
	b.WriteString(time.Now().Format(" 15:04:05.000 "))
	if s.name != "" {
		b.WriteString(s.name)
		b.WriteString(": ")
	}
	b.WriteString(strings.TrimSpace(msg))
	all := append(append([]any{}, s.values...), kv...)
	for i := 0; i+1 < len(all); i += 2 {
		fmt.Fprintf(&b, " %v=%q", all[i], fmt.Sprint(all[i+1]))
	}
	b.WriteByte('\n')
	startupLog.write(b.String())
}
