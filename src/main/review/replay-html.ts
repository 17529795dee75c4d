// The offline replay of a class for learners (issue #12): one HTML file that carries its own
// script, styles and data, and plays the recording's parts copied beside it. Nothing in it
// reaches the network (its Content-Security-Policy forbids it); it knows only what a learner who
// was there could have seen: the class's title, its chapters and its chat.

import type {
  OfflineReplayData,
  OfflineReplayPart,
  ReplayChapter,
  ReplayChatLine,
} from '../../shared/contract/replay-data';

export type { ReplayChapter, ReplayChatLine };
export type ReplayPart = OfflineReplayPart;
export type ReplayData = OfflineReplayData;

/** Names shown for viewers in an anonymised replay: "Viewer 1", "Viewer 2", ... by first line. */
export function anonymiseChat(chat: readonly ReplayChatLine[]): ReplayChatLine[] {
  const numbers = new Map<string, number>();
  return chat.map((line) => {
    if (line.fromHost) return line;
    let n = numbers.get(line.name);
    if (n === undefined) {
      n = numbers.size + 1;
      numbers.set(line.name, n);
    }
    return { ...line, name: `#${String(n)}` };
  });
}

/** JSON safe inside a <script> element: no "</script", no "<!--", no line separators. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

const CSP = [
  "default-src 'none'",
  "script-src 'unsafe-inline'",
  "style-src 'unsafe-inline'",
  "media-src 'self' file:",
  'img-src data:',
  "connect-src 'none'",
  "form-action 'none'",
  "base-uri 'none'",
].join('; ');

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;color:#1c2230;background:#f4f5f8}
header{padding:16px 24px;background:#1c2230;color:#fff}header h1{margin:0;font-size:20px}header p{margin:2px 0 0;opacity:.75;font-size:13px}
main{display:grid;grid-template-columns:minmax(0,1fr) 340px;gap:16px;padding:16px 24px;max-width:1400px}
@media (max-width:860px){main{grid-template-columns:1fr}}
video{width:100%;background:#000;border-radius:8px;display:block}
.bar{display:flex;gap:12px;align-items:center;margin:8px 0;font-variant-numeric:tabular-nums}
.panel{background:#fff;border:1px solid #dde1ea;border-radius:8px;padding:12px}
.panel h2{margin:0 0 8px;font-size:15px}
ol{list-style:none;margin:0;padding:0}
#chat{max-height:70vh;overflow-y:auto}
#chat li,#chapters li{padding:6px 8px;border-radius:6px;cursor:pointer;border-left:3px solid transparent}
#chat li.current,#chapters li.current{background:#e8efff;border-left-color:#2f5bea}
#chat li.future{opacity:.45}
.when{color:#5d6577;font-size:12px;margin-right:6px;font-variant-numeric:tabular-nums}
.who{font-weight:600;margin-right:6px}.host .who{color:#2f5bea}
button{font:inherit;padding:4px 10px;border:1px solid #c5cbd8;border-radius:6px;background:#fff;cursor:pointer}
.muted{color:#5d6577}
`;

// The page's own player: the parts play as one timeline; the chat line at or before the current
// time is highlighted and scrolled into view, later lines are dimmed until their time comes.
const SCRIPT = `
(function(){
var data=JSON.parse(document.getElementById('replay-data').textContent);
var zh=(navigator.language||'').toLowerCase().indexOf('zh')===0;
var L=zh?{chat:'聊天',chapters:'章节',host:'主讲',viewer:'观众 ',start:'开始',poll:'投票：',quiz:'测验：',offer:'优惠：',moment:'提问活跃',scene:'场景：',pip:'屏幕 + 摄像头',camera:'摄像头',screen:'屏幕',none:'这节课没有聊天。',back:'后退 10 秒',fwd:'前进 10 秒',part:'第 {n}/{c} 段',gap:'这段时间没有录像'}
:{chat:'Chat',chapters:'Chapters',host:'Host',viewer:'Viewer ',start:'Start',poll:'Poll: ',quiz:'Quiz: ',offer:'Offer: ',moment:'Lively questions',scene:'Scene: ',pip:'Screen + camera',camera:'Camera',screen:'Screen',none:'No chat in this class.',back:'Back 10 s',fwd:'Forward 10 s',part:'Part {n} of {c}',gap:'Not recorded here'};
document.documentElement.lang=zh?'zh-CN':'en';
function $(id){return document.getElementById(id)}
function tc(s){var neg=s<0;s=Math.floor(Math.abs(s));var h=Math.floor(s/3600),m=Math.floor(s%3600/60),x=s%60;
return (neg?'-':'')+(h?h+':'+(m<10?'0':''):'')+m+':'+(x<10?'0':'')+x}
function chapterName(c){if(c.source==='saved')return c.title;if(c.source==='start')return L.start;if(c.source==='moment')return L.moment;
if(c.source==='scene')return L.scene+(L[c.title]||c.title);return (L[c.source]||'')+c.title}
function name(line){if(line.fromHost)return line.name||L.host;return line.name.charAt(0)==='#'?L.viewer+line.name.slice(1):line.name}
$('chat-title').textContent=L.chat;$('chapters-title').textContent=L.chapters;$('back').textContent=L.back;$('fwd').textContent=L.fwd;
var video=$('video'),parts=data.parts,part=0,pending=null,now=0;
function locate(t){for(var i=0;i<parts.length;i++){var p=parts[i];if(t<p.offsetS)return{i:i,local:0};
if(t<p.offsetS+p.durationS)return{i:i,local:t-p.offsetS}}var last=parts.length-1;return{i:last,local:Math.max(0,parts[last].durationS-0.05)}}
function load(i){part=i;video.src=parts[i].file}
function seek(t){t=Math.max(0,Math.min(t,data.durationS));if(!parts.length){show(t);return}var at=locate(t);
if(at.i!==part){pending={local:at.local,play:!video.paused};load(at.i)}else video.currentTime=at.local;show(parts[at.i].offsetS+at.local)}
video.addEventListener('loadedmetadata',function(){if(!pending)return;var p=pending;pending=null;video.currentTime=p.local;if(p.play)video.play().catch(function(){})});
function tick(){if(pending)return;show(parts[part].offsetS+video.currentTime)}
video.addEventListener('timeupdate',tick);video.addEventListener('seeked',tick);
video.addEventListener('ended',function(){if(part+1<parts.length){pending={local:0,play:true};load(part+1)}});
$('back').onclick=function(){seek(now-10)};$('fwd').onclick=function(){seek(now+10)};
var chatList=$('chat'),chatItems=[],chapterItems=[];
data.chat.forEach(function(line,i){var li=document.createElement('li');li.dataset.t=String(line.t);li.dataset.index=String(i);
if(line.fromHost)li.className='host';var w=document.createElement('span');w.className='when';w.textContent=tc(line.t);
var n=document.createElement('span');n.className='who';n.textContent=name(line);var x=document.createElement('span');x.textContent=line.text;
li.append(w,n,x);li.onclick=function(){seek(line.t)};chatList.appendChild(li);chatItems.push(li)});
if(!data.chat.length){var none=document.createElement('p');none.className='muted';none.textContent=L.none;chatList.after(none)}
data.chapters.forEach(function(c){var li=document.createElement('li');li.dataset.t=String(c.t);var w=document.createElement('span');w.className='when';
w.textContent=tc(c.t);var x=document.createElement('span');x.textContent=chapterName(c);li.append(w,x);li.onclick=function(){seek(c.t)};
$('chapters').appendChild(li);chapterItems.push(li)});
function lastAt(items,list,t){var f=-1;for(var i=0;i<list.length;i++){if(list[i].t<=t)f=i;else break}return f}
var shownChat=-2,shownChapter=-2;
function show(t){now=t;$('clock').textContent=tc(t)+' / '+tc(data.durationS);$('clock').dataset.seconds=String(t);
if(parts.length>1)$('part').textContent=L.part.replace('{n}',String(part+1)).replace('{c}',String(parts.length));
var c=lastAt(chatItems,data.chat,t);if(c!==shownChat){shownChat=c;chatItems.forEach(function(li,i){li.classList.toggle('current',i===c);
li.classList.toggle('future',data.chat[i].t>t);if(i===c)li.setAttribute('aria-current','true');else li.removeAttribute('aria-current')});
var cur=chatItems[c];if(cur)chatList.scrollTop=cur.offsetTop-chatList.offsetTop-chatList.clientHeight/2+cur.clientHeight/2}
else chatItems.forEach(function(li,i){li.classList.toggle('future',data.chat[i].t>t)});
var h=lastAt(chapterItems,data.chapters,t);if(h!==shownChapter){shownChapter=h;chapterItems.forEach(function(li,i){li.classList.toggle('current',i===h)})}}
if(parts.length)load(0);show(0);
})();
`;

/** The replay page: the data inline, the parts referenced by their names beside it. */
export function replayHtml(data: ReplayData): string {
  const subtitle = [data.courseTitle, new Date(data.startedAt).toISOString().slice(0, 10)]
    .filter(Boolean)
    .join(' · ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(data.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>${escapeHtml(data.title)}</h1><p>${escapeHtml(subtitle)}</p></header>
<main>
<section>
<video id="video" controls preload="auto" playsinline></video>
<div class="bar"><button type="button" id="back"></button><button type="button" id="fwd"></button>
<span id="clock" data-seconds="0"></span><span id="part" class="muted"></span></div>
<div class="panel"><h2 id="chapters-title"></h2><ol id="chapters"></ol></div>
</section>
<aside class="panel"><h2 id="chat-title"></h2><ol id="chat" aria-live="off"></ol></aside>
</main>
<script type="application/json" id="replay-data">${scriptJson(data)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
