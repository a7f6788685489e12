// mlpeer is the Go memberlist reference peer used by gossip-lite's interop tests and benchmarks.
//
// It runs one (or, with -count, several) hashicorp/memberlist instances on 127.0.0.1, prints
// one JSON line per second per instance with its member list (the oracle the Java tests read),
// prints membership events and user messages as they happen, and accepts simple commands on
// stdin (see handleCommand). Built in GOPATH mode against Debian's
// golang-github-hashicorp-memberlist-dev by ../build-peer.sh.
package main

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"io/ioutil"
	"log"
	"math/rand"
	"net"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/memberlist"
)

var outMu sync.Mutex

func emit(v map[string]interface{}) {
	v["ts"] = time.Now().UnixNano() / int64(time.Millisecond)
	b, _ := json.Marshal(v)
	outMu.Lock()
	os.Stdout.Write(append(b, '\n'))
	outMu.Unlock()
}

// ---- transport wrapper: counts outgoing bytes/packets, drops outgoing UDP with probability loss

type countingTransport struct {
	*memberlist.NetTransport
	loss       float64
	udpBytes   int64
	udpPackets int64
	tcpBytes   int64
	streams    chan net.Conn
}

func (t *countingTransport) WriteTo(b []byte, addr string) (time.Time, error) {
	if t.loss > 0 && rand.Float64() < t.loss {
		return time.Now(), nil
	}
	atomic.AddInt64(&t.udpBytes, int64(len(b)))
	atomic.AddInt64(&t.udpPackets, 1)
	return t.NetTransport.WriteTo(b, addr)
}

func (t *countingTransport) WriteToAddress(b []byte, a memberlist.Address) (time.Time, error) {
	return t.WriteTo(b, a.Addr)
}

type countingConn struct {
	net.Conn
	t *countingTransport
}

func (c *countingConn) Write(b []byte) (int, error) {
	n, err := c.Conn.Write(b)
	atomic.AddInt64(&c.t.tcpBytes, int64(n))
	return n, err
}

func (t *countingTransport) DialTimeout(addr string, timeout time.Duration) (net.Conn, error) {
	c, err := t.NetTransport.DialTimeout(addr, timeout)
	if err != nil {
		return nil, err
	}
	return &countingConn{c, t}, nil
}

func (t *countingTransport) DialAddressTimeout(a memberlist.Address, timeout time.Duration) (net.Conn, error) {
	return t.DialTimeout(a.Addr, timeout)
}

func (t *countingTransport) StreamCh() <-chan net.Conn { return t.streams }

// ---- delegate / events

type peer struct {
	idx        int
	name       string
	ml         *memberlist.Memberlist
	tr         *countingTransport
	mu         sync.Mutex
	meta       []byte
	keyring    *memberlist.Keyring
	down       int32 // 1 after "shutdown"
	broadcasts *memberlist.TransmitLimitedQueue
}

type userBroadcast []byte

func (b userBroadcast) Invalidates(memberlist.Broadcast) bool { return false }
func (b userBroadcast) Message() []byte                       { return b }
func (b userBroadcast) Finished()                             {}

func (p *peer) NodeMeta(limit int) []byte {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.meta
}
func (p *peer) NotifyMsg(b []byte) {
	emit(map[string]interface{}{"t": "msg", "self": p.name, "data": string(b)})
}
func (p *peer) GetBroadcasts(overhead, limit int) [][]byte {
	return p.broadcasts.GetBroadcasts(overhead, limit)
}
func (p *peer) LocalState(join bool) []byte            { return nil }
func (p *peer) MergeRemoteState(buf []byte, join bool) {}

func (p *peer) event(kind string, n *memberlist.Node) {
	emit(map[string]interface{}{"t": "event", "self": p.name, "kind": kind, "node": n.Name,
		"addr": n.Addr.String(), "port": n.Port, "meta": string(n.Meta), "state": int(n.State)})
}
func (p *peer) NotifyJoin(n *memberlist.Node)   { p.event("join", n) }
func (p *peer) NotifyLeave(n *memberlist.Node)  { p.event("leave", n) }
func (p *peer) NotifyUpdate(n *memberlist.Node) { p.event("update", n) }

func (p *peer) printMembers() {
	type m struct {
		Name  string `json:"name"`
		Addr  string `json:"addr"`
		Port  uint16 `json:"port"`
		Meta  string `json:"meta"`
		State int    `json:"state"`
		PMax  uint8  `json:"pmax"`
	}
	var ms []m
	for _, n := range p.ml.Members() {
		ms = append(ms, m{n.Name, n.Addr.String(), n.Port, string(n.Meta), int(n.State), n.PMax})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Name < ms[j].Name })
	emit(map[string]interface{}{"t": "members", "self": p.name, "health": p.ml.GetHealthScore(),
		"members": ms, "udpBytes": atomic.LoadInt64(&p.tr.udpBytes),
		"udpPackets": atomic.LoadInt64(&p.tr.udpPackets), "tcpBytes": atomic.LoadInt64(&p.tr.tcpBytes)})
}

func decodeKeys(s string) [][]byte {
	var keys [][]byte
	for _, k := range strings.Split(s, ",") {
		if k == "" {
			continue
		}
		b, err := base64.StdEncoding.DecodeString(k)
		if err != nil {
			log.Fatalf("bad key %q: %v", k, err)
		}
		keys = append(keys, b)
	}
	return keys
}

func main() {
	name := flag.String("name", "go", "node name (with -count > 1: prefix, instance i is <name>-<i>)")
	bind := flag.String("bind", "127.0.0.1", "bind and advertise address")
	port := flag.Int("port", 7946, "bind port (instance i uses port+i)")
	count := flag.Int("count", 1, "number of memberlist instances in this process")
	join := flag.String("join", "", "comma-separated host:port seeds")
	profile := flag.String("profile", "local", "local|lan|wan")
	key := flag.String("key", "", "comma-separated base64 keys; the first is primary")
	meta := flag.String("meta", "", "node metadata")
	runFor := flag.Duration("run-for", 60*time.Second, "self-terminate after this long")
	printEvery := flag.Duration("print-every", time.Second, "member list print period (0 = never)")
	loss := flag.Float64("loss", 0, "outgoing UDP loss probability")
	noTcpPing := flag.Bool("disable-tcp-ping", false, "disable the TCP fallback ping")
	reclaim := flag.Duration("reclaim", 0, "DeadNodeReclaimTime")
	verbose := flag.Bool("v", false, "memberlist logs to stderr")
	joinFirst := flag.Bool("join-first", false, "with -count > 1: instance i > 0 joins instance 0 (after -join seeds, if any)")
	flag.Parse()

	var peers []*peer
	for i := 0; i < *count; i++ {
		var cfg *memberlist.Config
		switch *profile {
		case "lan":
			cfg = memberlist.DefaultLANConfig()
		case "wan":
			cfg = memberlist.DefaultWANConfig()
		default:
			cfg = memberlist.DefaultLocalConfig()
		}
		p := &peer{idx: i, name: *name, meta: []byte(*meta)}
		if *count > 1 {
			p.name = fmt.Sprintf("%s-%d", *name, i)
		}
		cfg.Name = p.name
		cfg.BindAddr = *bind
		cfg.BindPort = *port + i
		cfg.AdvertiseAddr = *bind
		cfg.AdvertisePort = *port + i
		cfg.DisableTcpPings = *noTcpPing
		cfg.DeadNodeReclaimTime = *reclaim
		if *verbose { // instance-prefixed, microsecond timestamps: crash traces line up across instances
			cfg.Logger = log.New(os.Stderr, p.name+" ", log.LstdFlags|log.Lmicroseconds)
		} else {
			cfg.LogOutput = ioutil.Discard
		}
		if keys := decodeKeys(*key); len(keys) > 0 {
			kr, err := memberlist.NewKeyring(keys, keys[0])
			if err != nil {
				log.Fatalf("keyring: %v", err)
			}
			cfg.Keyring = kr
			p.keyring = kr
		}
		nt, err := memberlist.NewNetTransport(&memberlist.NetTransportConfig{
			BindAddrs: []string{*bind}, BindPort: *port + i, Logger: log.New(ioutil.Discard, "", 0)})
		if err != nil {
			log.Fatalf("transport: %v", err)
		}
		tr := &countingTransport{NetTransport: nt, loss: *loss, streams: make(chan net.Conn)}
		go func() {
			for c := range nt.StreamCh() {
				tr.streams <- &countingConn{c, tr}
			}
		}()
		cfg.Transport = tr
		p.tr = tr
		cfg.Delegate = p
		cfg.Events = p
		ml, err := memberlist.Create(cfg)
		if err != nil {
			log.Fatalf("create: %v", err)
		}
		p.ml = ml
		p.broadcasts = &memberlist.TransmitLimitedQueue{NumNodes: ml.NumMembers, RetransmitMult: cfg.RetransmitMult}
		peers = append(peers, p)
		emit(map[string]interface{}{"t": "ready", "self": p.name, "port": *port + i})
		seeds := []string{}
		if *join != "" {
			seeds = strings.Split(*join, ",")
		}
		if *joinFirst && i > 0 {
			seeds = append(seeds, fmt.Sprintf("%s:%d", *bind, *port))
		}
		if len(seeds) > 0 {
			n, err := ml.Join(seeds)
			if err != nil {
				emit(map[string]interface{}{"t": "joinError", "self": p.name, "error": err.Error()})
			} else {
				emit(map[string]interface{}{"t": "joined", "self": p.name, "contacted": n})
			}
		}
	}

	done := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(os.Stdin)
		for sc.Scan() {
			if handleCommand(peers, strings.TrimSpace(sc.Text())) {
				close(done)
				return
			}
		}
	}()
	var tick <-chan time.Time
	if *printEvery > 0 {
		tick = time.NewTicker(*printEvery).C
		for _, p := range peers {
			p.printMembers()
		}
	}
	deadline := time.After(*runFor)
	for {
		select {
		case <-tick:
			for _, p := range peers {
				if atomic.LoadInt32(&p.down) == 0 {
					p.printMembers()
				}
			}
		case <-done:
			return
		case <-deadline:
			for _, p := range peers {
				if atomic.LoadInt32(&p.down) == 0 {
					p.ml.Leave(time.Second)
					p.ml.Shutdown()
				}
			}
			emit(map[string]interface{}{"t": "exit"})
			return
		}
	}
}

// handleCommand runs one stdin command; an optional leading "@i " selects instance i (default 0).
// Commands: members | meta VALUE | bcast TEXT | send NODE TEXT | sendudp NODE TEXT |
// key-add B64 | key-use B64 | key-remove B64 | memstats | shutdown (crash-like, no leave) | leave | quit.
// Returns true when the process should exit.
func handleCommand(peers []*peer, line string) bool {
	idx := 0
	if strings.HasPrefix(line, "@") {
		sp := strings.SplitN(line, " ", 2)
		idx, _ = strconv.Atoi(sp[0][1:])
		line = ""
		if len(sp) > 1 {
			line = sp[1]
		}
	}
	if idx < 0 || idx >= len(peers) || atomic.LoadInt32(&peers[idx].down) == 1 {
		return false
	}
	p := peers[idx]
	parts := strings.SplitN(line, " ", 3)
	arg := func(i int) string {
		if i < len(parts) {
			return parts[i]
		}
		return ""
	}
	var err error
	switch parts[0] {
	case "members":
		p.printMembers()
	case "meta":
		p.mu.Lock()
		p.meta = []byte(strings.TrimPrefix(line, "meta "))
		p.mu.Unlock()
		err = p.ml.UpdateNode(0)
	case "bcast":
		p.broadcasts.QueueBroadcast(userBroadcast(strings.TrimPrefix(line, "bcast ")))
	case "send", "sendudp":
		var target *memberlist.Node
		for _, n := range p.ml.Members() {
			if n.Name == arg(1) {
				target = n
			}
		}
		if target == nil {
			err = fmt.Errorf("unknown node %s", arg(1))
		} else if parts[0] == "send" {
			err = p.ml.SendReliable(target, []byte(arg(2)))
		} else {
			err = p.ml.SendBestEffort(target, []byte(arg(2)))
		}
	case "key-add", "key-use", "key-remove":
		kr := p.keyring // nil when encryption is off
		if kr == nil {
			err = fmt.Errorf("no keyring")
			break
		}
		k := decodeKeys(arg(1))[0]
		switch parts[0] {
		case "key-add":
			err = kr.AddKey(k)
		case "key-use":
			err = kr.UseKey(k)
		default:
			err = kr.RemoveKey(k)
		}
	case "memstats": // process-wide heap after a forced GC (benchmark: heap per member)
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		emit(map[string]interface{}{"t": "mem", "heapAlloc": ms.HeapAlloc, "sys": ms.Sys, "goroutines": runtime.NumGoroutine()})
	case "shutdown":
		atomic.StoreInt32(&p.down, 1)
		err = p.ml.Shutdown()
	case "leave":
		for _, q := range peers {
			if atomic.LoadInt32(&q.down) == 0 {
				q.ml.Leave(2 * time.Second)
				q.ml.Shutdown()
			}
		}
		emit(map[string]interface{}{"t": "exit"})
		return true
	case "quit":
		return true
	default:
		err = fmt.Errorf("unknown command %q", parts[0])
	}
	emit(map[string]interface{}{"t": "cmd", "self": p.name, "cmd": parts[0], "ok": err == nil,
		"error": fmt.Sprint(err)})
	return false
}
