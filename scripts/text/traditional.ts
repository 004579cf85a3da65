/**
 * Traditional → Simplified, one character for one, for the words these reports use (headings, table labels,
 * agency names and places: 鄉 鎮 縣 區 報告 公開 …). Pages published in Traditional characters then read
 * like any other; every mapping is one UTF-16 unit for one, so positions in the text are unchanged.
 *
 * Only characters that are never written in Simplified text are listed (no 乾/幹, 著, 髮/發 pairs that
 * a Simplified text also uses), so a Simplified report is left exactly as it is.
 */

const PAIRS =
  '鄉乡鎮镇縣县區区報报務务開开資资訊讯權权處处辦办會会員员單单關关發发佈布來来門门戶户網网當当頁页級级園园業业' +
  '廳厅衛卫劃划農农財财稅税環环計计華华東东陽阳長长濟济興兴臺台書书記记體体時时間间號号聯联繫系電电話话條条據据規规' +
  '範范數数項项為为與与這这個个們们對对專专應应復复複复議议訟讼訴诉請请況况總总結结轉转萬万億亿費费動动統统積积極极' +
  '強强導导實实際际織织構构組组機机歸归類类審审認认證证頭头觀观點点線线鐵铁醫医藥药療疗學学習习師师樂乐廣广豐丰' +
  '黃黄龍龙鳳凤馬马魯鲁蘇苏遼辽寧宁陝陕貴贵雲云嶺岭灣湾滬沪閩闽贛赣晉晋補补屬属國国險险絕绝營营維维護护內内確确無无' +
  '責责決决雜杂謠谣傳传製制廢废現现徵征執执並并遞递過过後后從从還还將将讓让給给經经歷历壓压邊边適适選选達达遠远' +
  '運运連连進进違违義义沒没問问題题負负擔担態态勢势兩两嚴严謹谨標标準准質质檢检測测圍围參参獲获歡欢監监聽听釋释' +
  '閱阅覽览錄录檔档註注銷销變变換换擇择餘余輸输駐驻設设瀏浏詢询穩稳訪访舉举繳缴納纳繼继糾纠罰罚許许額额職职勞劳' +
  '產产種种樣样裡里麼么歲岁廠厂紀纪詳详細细規规劃划鑒鉴號号辭辞稱称會会務务縣县區区報报續续' +
  // place names (拉薩 → 拉萨, 板栗樹鄉 → 板栗树乡) and the surnames and landforms they are made of
  '薩萨樹树莊庄橋桥島岛灘滩溝沟壩坝廟庙澤泽濱滨嶼屿崗岗峽峡場场陳陈劉刘楊杨張张趙赵鄭郑羅罗葉叶塢坞鵠鹄';

const MAP = new Map<number, number>();
for (let i = 0; i + 1 < PAIRS.length; i += 2) MAP.set(PAIRS.charCodeAt(i), PAIRS.charCodeAt(i + 1));
/** The same map as a table by code unit (0 = not listed): one array read per character of a report, not a hash lookup. */
const TABLE = new Uint16Array(0x10000);
for (const [from, to] of MAP) TABLE[from] = to;

const ANY = new RegExp(`[${[...MAP.keys()].map((c) => String.fromCharCode(c)).join('')}]`);

/** The text with the listed Traditional characters in their Simplified form (the same string when there are none). */
export function simplify(s: string): string {
  if (!ANY.test(s)) return s;
  let out = '';
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const to = TABLE[s.charCodeAt(i)];
    if (to === 0) continue;
    out += s.slice(last, i) + String.fromCharCode(to);
    last = i + 1;
  }
  return out + s.slice(last);
}
