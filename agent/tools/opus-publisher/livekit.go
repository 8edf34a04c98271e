package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
	"github.com/livekit/protocol/livekit"
	"github.com/pion/webrtc/v4"
	"github.com/pion/webrtc/v4/pkg/media"
	"google.golang.org/protobuf/proto"
)

// speaker is one participant: a signalling connection and a publisher peer connection with
// one Opus microphone track (and a subscriber peer connection if the server opens one).
type speaker struct {
	identity string
	packets  []packet

	ws      *websocket.Conn
	wsMu    sync.Mutex
	api     *webrtc.API
	pub     *webrtc.PeerConnection
	sub     *webrtc.PeerConnection
	track   *webrtc.TrackLocalStaticSample
	closing chan struct{}

	answer    chan *livekit.SessionDescription
	published chan *livekit.TrackPublishedResponse
	// Candidates that came before the remote description they belong to.
	pendMu  sync.Mutex
	pending map[livekit.SignalTarget][]webrtc.ICECandidateInit
}

const trackCid = "microphone-opus"

func join(serverURL, token string, loopback bool) (*speaker, error) {
	u, err := url.Parse(serverURL)
	if err != nil {
		return nil, err
	}
	u.Path = strings.TrimSuffix(u.Path, "/") + "/rtc"
	q := u.Query()
	q.Set("access_token", token)
	q.Set("auto_subscribe", "0")
	q.Set("protocol", "15")
	q.Set("sdk", "go")
	q.Set("version", "parley-opus-publisher")
	u.RawQuery = q.Encode()
	ws, _, err := websocket.DefaultDialer.Dial(u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("signal connection: %w", err)
	}
	s := &speaker{
		ws:        ws,
		closing:   make(chan struct{}),
		answer:    make(chan *livekit.SessionDescription, 1),
		published: make(chan *livekit.TrackPublishedResponse, 1),
		pending:   map[livekit.SignalTarget][]webrtc.ICECandidateInit{},
	}
	first, err := s.read()
	if err != nil {
		return nil, err
	}
	joined := first.GetJoin()
	if joined == nil {
		return nil, errors.New("the server did not answer with a join")
	}

	se := webrtc.SettingEngine{}
	se.SetNetworkTypes([]webrtc.NetworkType{webrtc.NetworkTypeUDP4, webrtc.NetworkTypeTCP4})
	if loopback {
		se.SetIncludeLoopbackCandidate(true)
		se.SetInterfaceFilter(func(name string) bool { return name == "lo" })
	}
	m := &webrtc.MediaEngine{}
	if err := m.RegisterDefaultCodecs(); err != nil {
		return nil, err
	}
	s.api = webrtc.NewAPI(webrtc.WithSettingEngine(se), webrtc.WithMediaEngine(m))
	var ice []webrtc.ICEServer
	for _, is := range joined.GetIceServers() {
		ice = append(ice, webrtc.ICEServer{URLs: is.Urls, Username: is.Username, Credential: is.Credential})
	}
	pcConfig := webrtc.Configuration{ICEServers: ice, SDPSemantics: webrtc.SDPSemanticsUnifiedPlan}
	if s.pub, err = s.api.NewPeerConnection(pcConfig); err != nil {
		return nil, err
	}
	s.trickleFrom(s.pub, livekit.SignalTarget_PUBLISHER)
	connected := make(chan struct{})
	var once sync.Once
	s.pub.OnConnectionStateChange(func(st webrtc.PeerConnectionState) {
		if st == webrtc.PeerConnectionStateConnected {
			once.Do(func() { close(connected) })
		}
	})

	go s.readLoop(pcConfig)
	go s.pingLoop(time.Duration(max(joined.GetPingInterval(), 5)) * time.Second)

	if err := s.send(&livekit.SignalRequest{Message: &livekit.SignalRequest_AddTrack{AddTrack: &livekit.AddTrackRequest{
		Cid:    trackCid,
		Name:   "microphone",
		Type:   livekit.TrackType_AUDIO,
		Source: livekit.TrackSource_MICROPHONE,
	}}}); err != nil {
		return nil, err
	}
	select {
	case <-s.published:
	case <-time.After(15 * time.Second):
		return nil, errors.New("the track was not accepted")
	}
	s.track, err = webrtc.NewTrackLocalStaticSample(
		webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypeOpus, ClockRate: 48000, Channels: 2},
		trackCid, trackCid)
	if err != nil {
		return nil, err
	}
	sender, err := s.pub.AddTrack(s.track)
	if err != nil {
		return nil, err
	}
	go func() { // RTCP from the server must be read for the sender to keep going
		buf := make([]byte, 1500)
		for {
			if _, _, err := sender.Read(buf); err != nil {
				return
			}
		}
	}()
	offer, err := s.pub.CreateOffer(nil)
	if err != nil {
		return nil, err
	}
	if err := s.pub.SetLocalDescription(offer); err != nil {
		return nil, err
	}
	if err := s.send(&livekit.SignalRequest{Message: &livekit.SignalRequest_Offer{
		Offer: &livekit.SessionDescription{Type: "offer", Sdp: offer.SDP},
	}}); err != nil {
		return nil, err
	}
	select {
	case a := <-s.answer:
		if err := s.pub.SetRemoteDescription(webrtc.SessionDescription{Type: webrtc.SDPTypeAnswer, SDP: a.Sdp}); err != nil {
			return nil, err
		}
		s.flushCandidates(livekit.SignalTarget_PUBLISHER, s.pub)
	case <-time.After(15 * time.Second):
		return nil, errors.New("no answer to the publisher offer")
	}
	select {
	case <-connected:
	case <-time.After(20 * time.Second):
		return nil, errors.New("the publisher connection did not come up")
	}
	return s, nil
}

func (s *speaker) write(data []byte, d time.Duration) error {
	return s.track.WriteSample(media.Sample{Data: data, Duration: d})
}

func (s *speaker) leave() {
	_ = s.send(&livekit.SignalRequest{Message: &livekit.SignalRequest_Leave{Leave: &livekit.LeaveRequest{
		Reason: livekit.DisconnectReason_CLIENT_INITIATED,
	}}})
	close(s.closing)
	_ = s.pub.Close()
	if s.sub != nil {
		_ = s.sub.Close()
	}
	_ = s.ws.Close()
}

func (s *speaker) send(req *livekit.SignalRequest) error {
	b, err := proto.Marshal(req)
	if err != nil {
		return err
	}
	s.wsMu.Lock()
	defer s.wsMu.Unlock()
	return s.ws.WriteMessage(websocket.BinaryMessage, b)
}

func (s *speaker) read() (*livekit.SignalResponse, error) {
	_, b, err := s.ws.ReadMessage()
	if err != nil {
		return nil, err
	}
	res := &livekit.SignalResponse{}
	return res, proto.Unmarshal(b, res)
}

func (s *speaker) trickleFrom(pc *webrtc.PeerConnection, target livekit.SignalTarget) {
	pc.OnICECandidate(func(c *webrtc.ICECandidate) {
		if c == nil {
			return
		}
		init, err := json.Marshal(c.ToJSON())
		if err != nil {
			return
		}
		_ = s.send(&livekit.SignalRequest{Message: &livekit.SignalRequest_Trickle{Trickle: &livekit.TrickleRequest{
			CandidateInit: string(init),
			Target:        target,
		}}})
	})
}

func (s *speaker) flushCandidates(target livekit.SignalTarget, pc *webrtc.PeerConnection) {
	s.pendMu.Lock()
	list := s.pending[target]
	delete(s.pending, target)
	s.pendMu.Unlock()
	for _, c := range list {
		_ = pc.AddICECandidate(c)
	}
}

func (s *speaker) readLoop(pcConfig webrtc.Configuration) {
	for {
		res, err := s.read()
		if err != nil {
			return // closed
		}
		switch m := res.Message.(type) {
		case *livekit.SignalResponse_Answer:
			s.answer <- m.Answer
		case *livekit.SignalResponse_TrackPublished:
			s.published <- m.TrackPublished
		case *livekit.SignalResponse_Trickle:
			var c webrtc.ICECandidateInit
			if json.Unmarshal([]byte(m.Trickle.GetCandidateInit()), &c) != nil {
				continue
			}
			pc := s.pub
			if m.Trickle.GetTarget() == livekit.SignalTarget_SUBSCRIBER {
				pc = s.sub
			}
			if pc == nil || pc.RemoteDescription() == nil {
				s.pendMu.Lock()
				s.pending[m.Trickle.GetTarget()] = append(s.pending[m.Trickle.GetTarget()], c)
				s.pendMu.Unlock()
				continue
			}
			_ = pc.AddICECandidate(c)
		case *livekit.SignalResponse_Offer:
			// The server's subscriber connection (for data); answered, nothing subscribed.
			if err := s.answerSubscriber(pcConfig, m.Offer); err != nil {
				fail(s.identity, fmt.Errorf("subscriber: %w", err))
			}
		case *livekit.SignalResponse_Leave:
			select {
			case <-s.closing:
			default:
				fail(s.identity, errors.New("the server asked this participant to leave"))
			}
		}
	}
}

func (s *speaker) answerSubscriber(pcConfig webrtc.Configuration, offer *livekit.SessionDescription) error {
	if s.sub == nil {
		pc, err := s.api.NewPeerConnection(pcConfig)
		if err != nil {
			return err
		}
		s.trickleFrom(pc, livekit.SignalTarget_SUBSCRIBER)
		s.sub = pc
	}
	if err := s.sub.SetRemoteDescription(webrtc.SessionDescription{Type: webrtc.SDPTypeOffer, SDP: offer.Sdp}); err != nil {
		return err
	}
	s.flushCandidates(livekit.SignalTarget_SUBSCRIBER, s.sub)
	answer, err := s.sub.CreateAnswer(nil)
	if err != nil {
		return err
	}
	if err := s.sub.SetLocalDescription(answer); err != nil {
		return err
	}
	return s.send(&livekit.SignalRequest{Message: &livekit.SignalRequest_Answer{
		Answer: &livekit.SessionDescription{Type: "answer", Sdp: answer.SDP, Id: offer.GetId()},
	}})
}

func (s *speaker) pingLoop(every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-s.closing:
			return
		case <-t.C:
			now := time.Now().UnixMilli()
			_ = s.send(&livekit.SignalRequest{Message: &livekit.SignalRequest_Ping{Ping: now}})
			_ = s.send(&livekit.SignalRequest{Message: &livekit.SignalRequest_PingReq{PingReq: &livekit.Ping{Timestamp: now}}})
		}
	}
}
