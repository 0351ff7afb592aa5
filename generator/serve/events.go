package serve

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// hub tells the open event streams that a new version is being served.
type hub struct {
	mu      sync.Mutex
	clients map[chan struct{}]struct{}
}

func (h *hub) subscribe() chan struct{} {
	c := make(chan struct{}, 1)
	h.mu.Lock()
	if h.clients == nil {
		h.clients = map[chan struct{}]struct{}{}
	}
	h.clients[c] = struct{}{}
	h.mu.Unlock()
	return c
}

func (h *hub) unsubscribe(c chan struct{}) {
	h.mu.Lock()
	delete(h.clients, c)
	h.mu.Unlock()
}

// notify wakes every stream. A stream that has not yet sent the previous
// wake-up keeps only one: it sends the version current when it wakes.
func (h *hub) notify() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.clients {
		select {
		case c <- struct{}{}:
		default:
		}
	}
}

// heartbeat keeps idle streams open through proxies and lets the server
// notice clients that went away.
const heartbeat = 20 * time.Second

// serveEvents streams a "build" event with the current version on connect
// and after every build (see buildData); and an "index" event,
// {"index":N}, when the search index served changes (it is written after
// the pages of a build).
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", "GET")
		http.Error(w, "只支持 GET 请求", http.StatusMethodNotAllowed)
		return
	}
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	wake := s.hub.subscribe()
	defer s.hub.unsubscribe(wake)
	// The browser retries after 1 s when the server restarts.
	if _, err := fmt.Fprint(w, "retry: 1000\n\n"); err != nil {
		return
	}
	var sent, sentIndex uint64
	send := func() error {
		st := s.current()
		if st.version == sent && st.index == sentIndex {
			return nil
		}
		if st.version != sent {
			// Each version the stream missed, when the state still knows
			// what it changed (a page then reloads only if one of them
			// changed it); else the current one alone.
			evs := st.hist
			if sent == 0 || evs[0].version > sent+1 {
				evs = evs[len(evs)-1:]
			}
			for _, c := range evs {
				if c.version <= sent {
					continue
				}
				if _, err := fmt.Fprintf(w, "event: build\ndata: %s\n\n", buildData(s.id, c)); err != nil {
					return err
				}
			}
			sent = st.version
		}
		if st.index != sentIndex {
			sentIndex = st.index
			if _, err := fmt.Fprintf(w, "event: index\ndata: {\"index\":%d}\n\n", st.index); err != nil {
				return err
			}
		}
		return rc.Flush()
	}
	if st := s.current(); st.version == 0 {
		// Nothing built yet: flush the headers so the client knows it is
		// connected; the first build wakes it.
		if rc.Flush() != nil {
			return
		}
	} else if send() != nil {
		return
	}
	tick := time.NewTicker(heartbeat)
	defer tick.Stop()
	for {
		select {
		case <-wake:
			if send() != nil {
				return
			}
		case <-tick.C:
			if _, err := fmt.Fprint(w, ": ping\n\n"); err != nil || rc.Flush() != nil {
				return
			}
		case <-r.Context().Done():
			return
		case <-s.closing:
			return
		}
	}
}

// buildData is the data of a build event: {"server":ID,"version":N,
// "ok":true|false,"from":M,"changed":[…],"all":true|false} — the server
// process (versions start again at 1 when it restarts), the version
// served, whether its build succeeded, and what changed since version M:
// the output files of the pages whose bytes changed
// ("policies/a/index.html"), or all.
func buildData(server string, c change) []byte {
	changed := c.changed
	if changed == nil {
		changed = []string{}
	}
	b, _ := json.Marshal(struct {
		Server  string   `json:"server"`
		Version uint64   `json:"version"`
		OK      bool     `json:"ok"`
		From    uint64   `json:"from"`
		Changed []string `json:"changed"`
		All     bool     `json:"all"`
	}{server, c.version, c.ok, c.from, changed, c.all})
	return b
}
