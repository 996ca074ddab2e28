export { createBindingService, type BindingService } from './binding.service';
export { wechatRoutes } from './wechat.routes';
export { wechatCallbackRouter } from './callback';
export { createMiniLoginService } from './mini-login.service';
export { createWeChatClient } from './wechat.client';
export { createWebLoginService } from './web-login.service';
export { createJssdkService } from './jssdk';
export { createMessageSender, type Delivery, type MessageSender } from './messages';
export { messageChannels, type MessageChannel } from './identity';
