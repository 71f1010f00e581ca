/** Response bodies: placeholders, the status, and the defaults (nginx's welcome page, else empty). */
import { describe, expect, it } from 'vitest';
import { imageCatalogue } from '../../../src/model/agent/images.js';
import { fillBody, httpResponse, NGINX_WELCOME_PAGE } from '../../../src/model/mesh/http.js';

const facts = { image: 'app:1', hostname: 'abcdef012345', hits: 3, service: 'web', task: 't1', node: 'worker-1', slot: 2 };

describe('fillBody', () => {
  it('fills every placeholder, repeated ones too, and leaves unknown braces alone', () => {
    expect(fillBody('{hostname} {hits} {service}.{slot} {task} on {node} {hostname} {other} {{hits}}', facts)).toBe(
      'abcdef012345 3 web.2 t1 on worker-1 abcdef012345 {other} {3}',
    );
  });
});

describe('httpResponse', () => {
  const images = imageCatalogue({ 'app:1': { http: { body: 'gone {hits}', status: 410 } }, 'library/hello': { http: 'hi {node}\n' } });
  it('uses the image entry (normalised references), with its status or 200', () => {
    expect(httpResponse(images, facts)).toEqual({ status: 410, body: 'gone 3' });
    expect(httpResponse(images, { ...facts, image: 'hello:latest' })).toEqual({ status: 200, body: 'hi worker-1\n' });
  });
  it('nginx images answer the welcome page; any other image an empty 200', () => {
    for (const image of ['nginx', 'nginx:1.27', 'nginx:latest@sha256:abc', 'registry.local:5000/mirror/nginx:1']) {
      expect(httpResponse(images, { ...facts, image }).body).toBe(NGINX_WELCOME_PAGE);
    }
    expect(httpResponse(images, { ...facts, image: 'nginxish:1' })).toEqual({ status: 200, body: '' });
    expect(httpResponse(images, { ...facts, image: 'redis:7' })).toEqual({ status: 200, body: '' });
  });
});
