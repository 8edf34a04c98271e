package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"time"
)

type packet struct {
	data     []byte
	duration time.Duration
}

// readOggOpus returns the audio packets of an Ogg/Opus file (RFC 7845) with their durations,
// without the OpusHead and OpusTags header packets.
func readOggOpus(path string) ([]packet, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var packets [][]byte
	var cur []byte
	for off := 0; off < len(raw); {
		if len(raw)-off < 27 || !bytes.Equal(raw[off:off+4], []byte("OggS")) {
			return nil, fmt.Errorf("%s: not an Ogg page at byte %d", path, off)
		}
		nseg := int(raw[off+26])
		lacing := raw[off+27 : off+27+nseg]
		body := off + 27 + nseg
		for _, l := range lacing {
			if body+int(l) > len(raw) {
				return nil, fmt.Errorf("%s: truncated page", path)
			}
			cur = append(cur, raw[body:body+int(l)]...)
			body += int(l)
			if l < 255 { // a lacing value under 255 ends the packet
				packets = append(packets, cur)
				cur = nil
			}
		}
		off = body
	}
	if len(packets) < 2 || !bytes.HasPrefix(packets[0], []byte("OpusHead")) {
		return nil, fmt.Errorf("%s: not an Ogg/Opus file", path)
	}
	out := make([]packet, 0, len(packets)-2)
	for _, p := range packets[2:] {
		d, err := opusDuration(p)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		out = append(out, packet{data: p, duration: d})
	}
	return out, nil
}

// opusDuration reads a packet's length of audio from its TOC byte (RFC 6716 §3.1).
func opusDuration(p []byte) (time.Duration, error) {
	if len(p) == 0 {
		return 0, errors.New("empty Opus packet")
	}
	toc := p[0]
	cfg := toc >> 3
	var frame time.Duration
	switch {
	case cfg < 12: // SILK: 10, 20, 40, 60 ms
		frame = []time.Duration{10, 20, 40, 60}[cfg%4] * time.Millisecond
	case cfg < 16: // hybrid: 10, 20 ms
		frame = []time.Duration{10, 20}[cfg%2] * time.Millisecond
	default: // CELT: 2.5, 5, 10, 20 ms
		frame = []time.Duration{2500, 5000, 10000, 20000}[cfg%4] * time.Microsecond
	}
	frames := 1
	switch toc & 3 {
	case 1, 2:
		frames = 2
	case 3:
		if len(p) < 2 {
			return 0, errors.New("Opus packet without its frame count")
		}
		frames = int(p[1] & 0x3f)
	}
	return frame * time.Duration(frames), nil
}
