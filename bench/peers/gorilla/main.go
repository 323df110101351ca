// A Go gorilla/websocket hub written the way seed 002 describes it: shards with
// register/unregister/broadcast channels, a readPump and a writePump goroutine per client, a
// 256-message send channel (a full one drops the client), and a user map for several
// connections per user. Peers' common behaviour:
//
//	WebSocket /ws?user_id=U   a user's connection; a chat message {"to":"V",...} it sends goes
//	                          to V's connections, anything else is echoed back
//	POST /broadcast           body = the message, to every connection  -> {"delivered_to":n}
//	POST /send?user_id=U      body = the message, to U's connections   -> {"delivered_to":n}
//
// One deviation from the seed: its writePump appends queued messages into one WebSocket
// message; here each message stays its own frame, as every other server under test sends.
//
//	go run main.go -addr 127.0.0.1:8083   (GOPATH mode, Debian's golang-github-gorilla-websocket-dev)
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

const (
	shardCount  = 4
	sendBuffer  = 256
	pongWait    = 60 * time.Second
	pingPeriod  = 50 * time.Second
	writeWait   = 10 * time.Second
	maxReadSize = 512 * 1024
)

type Client struct {
	hub    *Hub
	shard  *Shard
	conn   *websocket.Conn
	send   chan []byte
	userID string
}

type Shard struct {
	clients    map[*Client]bool
	register   chan *Client
	unregister chan *Client
	broadcast  chan []byte
}

type Hub struct {
	shards      []*Shard
	next        uint64
	connections int64
	mu          sync.RWMutex
	userClients map[string]map[*Client]bool
}

func newHub() *Hub {
	h := &Hub{userClients: make(map[string]map[*Client]bool)}
	for i := 0; i < shardCount; i++ {
		h.shards = append(h.shards, &Shard{
			clients:    make(map[*Client]bool),
			register:   make(chan *Client),
			unregister: make(chan *Client),
			broadcast:  make(chan []byte, 1024),
		})
	}
	return h
}

func (h *Hub) run() {
	for _, s := range h.shards {
		go s.run(h)
	}
}

func (s *Shard) run(h *Hub) {
	for {
		select {
		case c := <-s.register:
			s.clients[c] = true
		case c := <-s.unregister:
			if _, ok := s.clients[c]; ok {
				delete(s.clients, c)
				h.forget(c) // first: once forgotten, no sendToUser can reach the channel
				close(c.send)
			}
		case message := <-s.broadcast:
			for c := range s.clients {
				select {
				case c.send <- message:
				default: // a full send channel: drop the slow client, as the seed does
					delete(s.clients, c)
					h.forget(c)
					close(c.send)
				}
			}
		}
	}
}

func (h *Hub) add(c *Client) {
	c.shard = h.shards[atomic.AddUint64(&h.next, 1)%shardCount]
	h.mu.Lock()
	if h.userClients[c.userID] == nil {
		h.userClients[c.userID] = make(map[*Client]bool)
	}
	h.userClients[c.userID][c] = true
	h.mu.Unlock()
	atomic.AddInt64(&h.connections, 1)
	c.shard.register <- c
}

func (h *Hub) forget(c *Client) {
	h.mu.Lock()
	if set := h.userClients[c.userID]; set != nil {
		delete(set, c)
		if len(set) == 0 {
			delete(h.userClients, c.userID)
		}
	}
	h.mu.Unlock()
	atomic.AddInt64(&h.connections, -1)
}

func (h *Hub) broadcastAll(message []byte) int64 {
	for _, s := range h.shards {
		s.broadcast <- message
	}
	return atomic.LoadInt64(&h.connections)
}

func (h *Hub) sendToUser(user string, message []byte) int {
	h.mu.RLock()
	defer h.mu.RUnlock()
	delivered := 0
	for c := range h.userClients[user] {
		select {
		case c.send <- message:
			delivered++
		default: // full: the shard will notice when it broadcasts; this one is dropped
		}
	}
	return delivered
}

func (c *Client) readPump() {
	defer func() {
		c.shard.unregister <- c
		c.conn.Close()
	}()
	c.conn.SetReadLimit(maxReadSize)
	c.conn.SetReadDeadline(time.Now().Add(pongWait))
	c.conn.SetPongHandler(func(string) error {
		c.conn.SetReadDeadline(time.Now().Add(pongWait))
		return nil
	})
	for {
		_, message, err := c.conn.ReadMessage()
		if err != nil {
			return
		}
		c.conn.SetReadDeadline(time.Now().Add(pongWait))
		if to := chatRecipient(message); to != "" {
			c.hub.sendToUser(to, message)
			continue
		}
		c.echo(message)
	}
}

// chatRecipient is the user a chat message {"to":"V",...} is for, or "" for anything else.
func chatRecipient(message []byte) string {
	if !bytes.HasPrefix(message, []byte(`{"to":`)) {
		return ""
	}
	var chat struct {
		To string `json:"to"`
	}
	if json.Unmarshal(message, &chat) != nil {
		return ""
	}
	return chat.To
}

// echo queues a message back; the shard may have closed the channel meanwhile (a slow client
// dropped), which is the end of this client anyway.
func (c *Client) echo(message []byte) {
	defer func() { recover() }()
	select {
	case c.send <- message:
	default:
	}
}

func (c *Client) writePump() {
	ticker := time.NewTicker(pingPeriod)
	defer func() {
		ticker.Stop()
		c.conn.Close()
	}()
	for {
		select {
		case message, ok := <-c.send:
			c.conn.SetWriteDeadline(time.Now().Add(writeWait))
			if !ok {
				c.conn.WriteMessage(websocket.CloseMessage, []byte{})
				return
			}
			if err := c.conn.WriteMessage(websocket.TextMessage, message); err != nil {
				return
			}
		case <-ticker.C:
			c.conn.SetWriteDeadline(time.Now().Add(writeWait))
			if err := c.conn.WriteMessage(websocket.PingMessage, nil); err != nil {
				return
			}
		}
	}
}

var upgrader = websocket.Upgrader{
	ReadBufferSize:  1024,
	WriteBufferSize: 1024,
	CheckOrigin:     func(r *http.Request) bool { return true },
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8083", "listen address")
	flag.Parse()
	hub := newHub()
	hub.run()

	http.HandleFunc("/ws", func(w http.ResponseWriter, r *http.Request) {
		user := r.URL.Query().Get("user_id")
		if user == "" {
			http.Error(w, `{"error":"user_id required"}`, http.StatusUnauthorized)
			return
		}
		conn, err := upgrader.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		c := &Client{hub: hub, conn: conn, send: make(chan []byte, sendBuffer), userID: user}
		hub.add(c)
		go c.writePump()
		go c.readPump()
	})
	answer := func(w http.ResponseWriter, delivered int64) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"delivered_to":%d}`, delivered)
	}
	http.HandleFunc("/broadcast", func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		answer(w, hub.broadcastAll(body))
	})
	http.HandleFunc("/send", func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		answer(w, int64(hub.sendToUser(r.URL.Query().Get("user_id"), body)))
	})
	log.Printf("gorilla listening on %s", *addr)
	log.Fatal(http.ListenAndServe(*addr, nil))
}
