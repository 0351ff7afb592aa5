package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"time"

	"gongkai"
	"gongkai/generator"
	"gongkai/generator/diag"
	"gongkai/generator/publish"
	"gongkai/generator/serve"
)

func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("serve", stderr)
	site := fs.String("site", ".", "站点目录")
	bind := fs.String("bind", "127.0.0.1", "监听地址")
	port := fs.Int("port", 1313, "端口")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if ip := net.ParseIP(*bind); ip == nil || !ip.IsLoopback() {
		fmt.Fprintf(stderr, "警告：监听 %s 意味着其他电脑也能访问预览网站（包括尚未发布的内容）。仅在确有需要时这样做。\n", *bind)
	}
	mem := publish.NewMemory()
	start := time.Now()
	res, err := generator.Build(ctx, generator.Options{Site: os.DirFS(*site), Defaults: gongkai.Layouts, Out: publish.Minifying{M: publish.NewMinifier(), Next: mem}})
	if err != nil {
		var be *diag.BuildError
		if errors.As(err, &be) {
			printDiags(stderr, be.Diags)
		} else {
			fmt.Fprintln(stderr, err)
		}
		fmt.Fprintln(stderr, "构建失败，请改正上面的问题后重新运行")
		return 1
	}
	printDiags(stderr, res.Diags)
	s := &serve.Site{}
	s.Swap(mem.Files)
	addr := net.JoinHostPort(*bind, strconv.Itoa(*port))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintf(stderr, "无法监听 %s：%v（端口被占用时用 --port 换一个）\n", addr, err)
		return 1
	}
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(stderr, "已生成 %d 个页面，用时 %.2f 秒。预览地址：http://%s%s（按 Ctrl+C 停止）\n", res.Pages, time.Since(start).Seconds(), addr, res.Config.BasePath)
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintln(stderr, err)
		return 1
	}
	fmt.Fprintln(stderr, "已停止")
	return 0
}

func cmdImport(args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "gongkai import：尚未实现")
	return 2
}
