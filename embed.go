// Package gongkai holds the built-in layouts and assets, embedded so that a
// site without its own layouts/ still builds. The generator lives in
// gongkai/generator; the command in gongkai/cmd/gongkai.
package gongkai

import "embed"

// Layouts is the default layouts/ folder: page templates (*.html) and
// assets/ (CSS and JavaScript copied to public/assets/).
//
//go:embed layouts
var Layouts embed.FS
