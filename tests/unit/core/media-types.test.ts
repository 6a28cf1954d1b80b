import { describe, expect, it } from 'vitest';
import { isServableMediaPath, mediaType } from '../../../src/core/media-types.ts';

describe('mediaType', () => {
  it.each([
    ['cover.jpg', 'image/jpeg'],
    ['cover.jpeg', 'image/jpeg'],
    ['a.png', 'image/png'],
    ['a.gif', 'image/gif'],
    ['a.webp', 'image/webp'],
    ['a.avif', 'image/avif'],
    ['a.svg', 'image/svg+xml'],
    ['favicon.ico', 'image/vnd.microsoft.icon'],
    ['episode.mp3', 'audio/mpeg'],
    ['episode.m4a', 'audio/mp4'],
    ['episode.aac', 'audio/aac'],
    ['episode.ogg', 'audio/ogg'],
    ['episode.oga', 'audio/ogg'],
    ['episode.opus', 'audio/ogg'],
    ['episode.wav', 'audio/wav'],
    ['episode.flac', 'audio/flac'],
    ['clip.mp4', 'video/mp4'],
    ['clip.m4v', 'video/mp4'],
    ['clip.webm', 'video/webm'],
    ['clip.mov', 'video/quicktime'],
    ['paper.pdf', 'application/pdf'],
    ['book.epub', 'application/epub+zip'],
    ['transcript.vtt', 'text/vtt; charset=utf-8'],
    ['transcript.srt', 'application/x-subrip; charset=utf-8'],
    ['chapters.json', 'application/json; charset=utf-8'],
    ['notes.txt', 'text/plain; charset=utf-8'],
  ])('serves %s as %s', (name, type) => {
    expect(mediaType(name)).toBe(type);
  });

  it('reads the extension case-insensitively', () => {
    expect(mediaType('EPISODE.MP3')).toBe('audio/mpeg');
    expect(mediaType('Cover.JpEg')).toBe('image/jpeg');
    expect(mediaType('T.VTT')).toBe('text/vtt; charset=utf-8');
  });

  it('serves HTML as plain text, never as a page of our origin', () => {
    expect(mediaType('transcript.html')).toBe('text/plain; charset=utf-8');
    expect(mediaType('transcript.HTM')).toBe('text/plain; charset=utf-8');
  });

  it.each([
    'article.md',
    'site.yaml',
    'bundle.zip',
    'script.js',
    'page.xhtml',
    'feed.xml',
    'image.svgz',
    'archive.tar.gz',
    'README',
    'episode.mp3.',
    'episode.mp3 ',
    'episode.mp3::$DATA',
    '.mp3',
    'constructor',
    'x.constructor',
    'x.__proto__',
    'x.toString',
    '',
  ])('knows no type for %j', (name) => {
    expect(mediaType(name)).toBeUndefined();
  });

  it('takes the extension of the last path segment only', () => {
    expect(mediaType('2024/ep.1/episode.mp3')).toBe('audio/mpeg');
    expect(mediaType('2024/ep.mp3/notes')).toBeUndefined();
    expect(mediaType('a/.mp3')).toBeUndefined();
  });
});

describe('isServableMediaPath', () => {
  it.each([
    ['episode.mp3', 'audio/mpeg'],
    ['2024/05/episode.mp3', 'audio/mpeg'],
    ['2024/05/Cover Art.PNG', 'image/png'],
    ['2024/notes.md.pdf', 'application/pdf'],
    ['a/b..c/x.vtt', 'text/vtt; charset=utf-8'],
    ['a/x..mp3', 'audio/mpeg'],
    ['été/épisode.mp3', 'audio/mpeg'],
    ['a/100%.png', 'image/png'],
  ])('serves %j as %s', (path, type) => {
    expect(isServableMediaPath(path)).toBe(type);
  });

  it.each([
    ['a dotfile', 'a/.hidden.mp3'],
    ['a dot directory', '.git/x.png'],
    ['a dot directory deeper down', 'a/.well-known/x.png'],
    ['an article', 'x.md'],
    ['an article in capitals', 'X.MD'],
    ['an article in mixed case', '2024/a.Md'],
    ['a parent segment', '../x.mp3'],
    ['a parent segment inside', 'a/../../x.mp3'],
    ['a current segment', './x.mp3'],
    ['a current segment inside', 'a/./x.mp3'],
    ['a trailing parent segment', 'a/..'],
    ['an empty segment', 'a//b.mp3'],
    ['a leading slash', '/x.mp3'],
    ['a trailing slash', 'a/x.mp3/'],
    ['an empty path', ''],
    ['a backslash', 'a\\b.mp3'],
    ['a backslash parent', '..\\x.mp3'],
    ['an encoded parent segment', '%2e%2e/x.mp3'],
    ['an encoded parent segment in capitals', '%2E%2E/x.mp3'],
    ['a half-encoded parent segment', '%2e./x.mp3'],
    ['an encoded dotfile', 'a/%2ehidden.mp3'],
    ['a NUL', 'x.mp3\u0000.md'],
    ['a NUL before the extension', 'x.md\u0000.mp3'],
    ['a newline', 'a\n/x.mp3'],
    ['a DEL', 'a\u007f/x.mp3'],
    ['the site configuration', 'site.yaml'],
    ['the site configuration one up', '../site.yaml'],
    ['an unknown extension', 'a/x.exe'],
    ['an archive', 'a/x.zip'],
    ['a file without extension', 'a/Makefile'],
  ])('refuses %s (%j)', (_, path) => {
    expect(isServableMediaPath(path)).toBeUndefined();
  });
});
