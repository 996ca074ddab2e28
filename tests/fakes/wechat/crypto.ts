import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/*
 * WeChat's callback signatures and safe-mode message crypto, written for the emulator from the published algorithm
 * (independently of the server's own implementation, so the two check each other):
 *
 *   signature      = sha1(sort([token, timestamp, nonce]).join(''))
 *   msg_signature  = sha1(sort([token, timestamp, nonce, Encrypt]).join(''))
 *   AESKey         = Base64Decode(EncodingAESKey + '=')          (43 characters → 32 bytes)
 *   Encrypt        = Base64(AES-256-CBC(key = AESKey, iv = AESKey[0..16), no auto padding,
 *                      PKCS#7-to-32(random(16) + uint32be(len(msg)) + msg + appId)))
 */

/** sha1 over the lexicographically sorted parts joined with nothing (both signature kinds). */
export function sha1Signature(...parts: string[]): string {
  return createHash('sha1').update([...parts].sort().join('')).digest('hex');
}

export function decodeAESKey(encodingAESKey: string): Buffer {
  if (!/^[A-Za-z0-9+/]{43}$/.test(encodingAESKey)) throw new Error('EncodingAESKey must be 43 base64 characters');
  const key = Buffer.from(`${encodingAESKey}=`, 'base64');
  if (key.length !== 32) throw new Error('EncodingAESKey does not decode to 32 bytes');
  return key;
}

const BLOCK = 32;

function pad(data: Buffer): Buffer {
  const n = BLOCK - (data.length % BLOCK);
  return Buffer.concat([data, Buffer.alloc(n, n)]);
}

function unpad(data: Buffer): Buffer {
  const n = data[data.length - 1];
  if (!n || n > BLOCK || n > data.length) throw new Error('bad PKCS#7 padding');
  for (let i = data.length - n; i < data.length; i++) if (data[i] !== n) throw new Error('bad PKCS#7 padding');
  return data.subarray(0, data.length - n);
}

/** The base64 `Encrypt` value for one message. `random` (16 bytes) is fixed only by tests that check known vectors. */
export function encryptMessage(message: string, encodingAESKey: string, appId: string, random: Buffer = randomBytes(16)): string {
  if (random.length !== 16) throw new Error('random must be 16 bytes');
  const key = decodeAESKey(encodingAESKey);
  const body = Buffer.from(message, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length, 0);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  const plain = pad(Buffer.concat([random, length, body, Buffer.from(appId, 'utf8')]));
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

/** Inverse of encryptMessage: the message and the appId (receiveId) found after it. */
export function decryptMessage(encrypt: string, encodingAESKey: string): { message: string; appId: string } {
  const key = decodeAESKey(encodingAESKey);
  const data = Buffer.from(encrypt, 'base64');
  if (data.length === 0 || data.length % 16 !== 0) throw new Error('ciphertext is not a whole number of AES blocks');
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  decipher.setAutoPadding(false);
  const plain = unpad(Buffer.concat([decipher.update(data), decipher.final()]));
  if (plain.length < 20) throw new Error('plaintext too short');
  const length = plain.readUInt32BE(16);
  if (20 + length > plain.length) throw new Error('length field exceeds plaintext');
  return {
    message: plain.subarray(20, 20 + length).toString('utf8'),
    appId: plain.subarray(20 + length).toString('utf8'),
  };
}
