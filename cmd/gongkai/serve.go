package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"path/filepath"
	"strconv"

	"gongkai"
	"gongkai/generator/serve"
)

// cmdServe runs the live preview until ctx ends (Ctrl+C).
func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("serve", stderr)
	site := fs.String("site", ".", "站点目录")
	bind := fs.String("bind", "127.0.0.1", "监听地址")
	port := fs.Int("port", 1313, "端口")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if exposed(*bind) {
		fmt.Fprintf(stderr, "警告：监听 %s 意味着其他电脑也能访问预览网站（包括尚未发布的内容）。仅在确有需要时这样做。\n", *bind)
	}
	dir, err := filepath.Abs(*site)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	addr := net.JoinHostPort(*bind, strconv.Itoa(*port))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintf(stderr, "无法监听 %s：%v（端口被占用时用 --port 换一个）\n", addr, err)
		return 1
	}
	srv := serve.New(serve.Config{Dir: dir, Defaults: gongkai.Layouts, Log: stderr})
	if err := srv.Run(ctx, ln); err != nil {
		fmt.Fprintf(stderr, "预览服务出错：%v\n", err)
		return 1
	}
	fmt.Fprintln(stderr, "已停止")
	return 0
}

// exposed reports whether listening on bind lets other computers reach
// the preview (anything but a loopback address or localhost).
func exposed(bind string) bool {
	if bind == "localhost" {
		return false
	}
	ip := net.ParseIP(bind)
	return ip == nil || !ip.IsLoopback()
}
