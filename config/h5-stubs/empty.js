// Stands in for polyfills Taro's H5 runtime imports unconditionally: every browser we target (WeChat's
// WebView, Chrome 69+, iOS 12+) has fetch and AbortController natively.
