//go:build unix

package network_test

import (
	"syscall"
	"time"
)

// cpuTime is the processor time the test process has used, which, unlike
// the wall clock, does not grow when other programs compete for the
// processors.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
