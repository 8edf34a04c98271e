// opus-publisher joins a LiveKit room as one participant per Ogg/Opus file and plays each file
// as that participant's microphone, sending the file's Opus packets as they are: no audio is
// encoded here. Real people's browsers encode their own audio on their own machines; a load
// generator that encodes dozens of voices on the machine under test takes the CPU it measures.
//
// Protocol (driven by agent/src/simulate/opus.ts):
//
//	stdin, first line: {"url":"ws://…","loopback":true,"speakers":[{"identity":"…","token":"…","file":"….ogg"}]}
//	stdout:            {"type":"joined","identity":"…"} once each speaker's track is up
//	stdin:             "start" — every speaker starts playing at once
//	stdout:            {"type":"finished","identity":"…","startedAt":ms,"durationMs":ms,"lateMs":ms,"droppedFrames":n}
//	stdin closed:      every speaker leaves; the process exits
//
// Errors go to stdout as {"type":"error","identity":"…","error":"…"} and exit status 1.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"sync"
	"time"
)

type speakerConfig struct {
	Identity string `json:"identity"`
	Token    string `json:"token"`
	File     string `json:"file"`
}

type config struct {
	URL string `json:"url"`
	// Loopback: the server is on this machine; gather ICE candidates on lo only.
	Loopback bool            `json:"loopback"`
	Speakers []speakerConfig `json:"speakers"`
}

type event struct {
	Type          string `json:"type"`
	Identity      string `json:"identity,omitempty"`
	StartedAt     int64  `json:"startedAt,omitempty"`
	DurationMs    int64  `json:"durationMs,omitempty"`
	LateMs        int64  `json:"lateMs"`
	DroppedFrames int    `json:"droppedFrames"`
	Error         string `json:"error,omitempty"`
}

var outMu sync.Mutex

func emit(e event) {
	outMu.Lock()
	defer outMu.Unlock()
	b, _ := json.Marshal(e)
	fmt.Println(string(b))
}

func fail(identity string, err error) {
	emit(event{Type: "error", Identity: identity, Error: err.Error()})
	os.Exit(1)
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<24)
	if !in.Scan() {
		fail("", errors.New("no configuration on stdin"))
	}
	var cfg config
	if err := json.Unmarshal(in.Bytes(), &cfg); err != nil {
		fail("", fmt.Errorf("bad configuration: %w", err))
	}
	if _, err := url.Parse(cfg.URL); err != nil || len(cfg.Speakers) == 0 {
		fail("", errors.New("configuration needs a url and at least one speaker"))
	}

	speakers := make([]*speaker, len(cfg.Speakers))
	var wg sync.WaitGroup
	for i, sc := range cfg.Speakers {
		packets, err := readOggOpus(sc.File)
		if err != nil {
			fail(sc.Identity, err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := join(cfg.URL, sc.Token, cfg.Loopback)
			if err != nil {
				fail(sc.Identity, fmt.Errorf("join: %w", err))
			}
			s.identity = sc.Identity
			s.packets = packets
			speakers[i] = s
			emit(event{Type: "joined", Identity: sc.Identity})
		}()
	}
	wg.Wait()

	for in.Scan() {
		if in.Text() == "start" {
			break
		}
	}
	for _, s := range speakers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := s.play()
			if err != nil {
				fail(s.identity, err)
			}
			emit(r)
		}()
	}
	wg.Wait()
	// Stay until told to go (the caller lets the last words reach the listeners).
	for in.Scan() {
	}
	for _, s := range speakers {
		s.leave()
	}
}

// play sends every packet at its time from now on. A packet more than 100 ms behind its time
// (past what a receiver's jitter buffer holds) counts as dropped: the listener heard a gap.
func (s *speaker) play() (event, error) {
	start := time.Now()
	var at time.Duration
	dropped := 0
	for _, p := range s.packets {
		due := start.Add(at)
		if wait := time.Until(due); wait > 0 {
			time.Sleep(wait)
		} else if -wait > 100*time.Millisecond {
			dropped++
		}
		if err := s.write(p.data, p.duration); err != nil {
			return event{}, fmt.Errorf("write: %w", err)
		}
		at += p.duration
	}
	late := time.Since(start) - at
	if late < 0 {
		late = 0
	}
	return event{
		Type:          "finished",
		Identity:      s.identity,
		StartedAt:     start.UnixMilli(),
		DurationMs:    at.Milliseconds(),
		LateMs:        late.Milliseconds(),
		DroppedFrames: dropped,
	}, nil
}
