// Taro's H5 request can fall back to JSONP; ChannelPass never asks for it (same-origin JSON API).
module.exports = function jsonpUnsupported() {
  return Promise.reject(new Error('JSONP is not supported by ChannelPass'));
};
