package main

import (
	"fmt"
	"os"
)

// fatal is what a failure of Istio's test fixtures becomes: recovered per case, reported as the case's error.
type fatal struct{ msg string }

// failer is the test.Failer Istio's fake discovery server needs, outside `go test`: Fatal panics with
// a fatal the case runner recovers, cleanups run when the case ends.
type failer struct {
	cleanups []func()
	dir      string
}

func (f *failer) Fail()                     { panic(fatal{"failed"}) }
func (f *failer) FailNow()                  { panic(fatal{"failed"}) }
func (f *failer) Fatal(args ...any)         { panic(fatal{fmt.Sprint(args...)}) }
func (f *failer) Fatalf(s string, a ...any) { panic(fatal{fmt.Sprintf(s, a...)}) }
func (f *failer) Log(args ...any)           {}
func (f *failer) Logf(string, ...any)       {}
func (f *failer) Helper()                   {}
func (f *failer) Skip(args ...any)          { panic(fatal{"skipped: " + fmt.Sprint(args...)}) }
func (f *failer) Cleanup(fn func())         { f.cleanups = append(f.cleanups, fn) }

func (f *failer) TempDir() string {
	if f.dir == "" {
		dir, err := os.MkdirTemp("", "istio-judge-")
		if err != nil {
			panic(fatal{err.Error()})
		}
		f.dir = dir
	}
	return f.dir
}

// done runs the cleanups in reverse order, as testing.T does.
func (f *failer) done() {
	for i := len(f.cleanups) - 1; i >= 0; i-- {
		func() {
			defer func() { _ = recover() }()
			f.cleanups[i]()
		}()
	}
	if f.dir != "" {
		_ = os.RemoveAll(f.dir)
	}
}
