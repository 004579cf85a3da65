/**
 * SYNTHETIC narrative for the corpus generator (tests and benchmarks only): sections 一、五、六 built from a
 * large combinatorial pool — many phrasings per sentence slot, random subsets and orders of measures,
 * numbers, and names that belong to one report (its villages, its WeChat account, its office) — so unrelated
 * synthetic reports share only the template wording real reports share, and the copy-paste rule sees what
 * it would see in a real corpus.
 *
 * A report's prose is a plan (drawn from its own random stream) of sentences that are filled in with the
 * report's context: agency name, year, and the table figures the prose states (always the report's own, so
 * the narrative-vs-table rules find nothing). A copy (corpus.ts) fills another report's plan with its own
 * context: the agency name is swapped and the figures updated, the rest is the other report's text.
 */
import type { LevelCode } from '../template/vocabulary.ts';
import type { Prose } from './render.ts';
import type { SyntheticTables } from './tables.ts';

export interface ProseContext {
  agency: string;
  year: number;
  level: LevelCode;
  tables: SyntheticTables;
}

/** A sentence of the plan: its random choices are made; the context fills in names, year and figures. */
export type Sentence = (ctx: ProseContext) => string;
export interface ProsePlan { s1: Sentence[]; s5: Sentence[]; s6: Sentence[] }

type R = () => number;
const pick = <T>(r: R, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const int = (r: R, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
/** k distinct items of xs (lo ≤ k ≤ hi), in random order. */
function some<T>(r: R, xs: readonly T[], lo: number, hi: number): T[] {
  const a = [...xs];
  const k = Math.min(a.length, int(r, lo, hi));
  for (let i = 0; i < k; i++) { const j = i + Math.floor(r() * (a.length - i)); [a[i], a[j]] = [a[j]!, a[i]!]; }
  return a.slice(0, k);
}
const list = (xs: string[]): string => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join('、')}和${xs[xs.length - 1]}`);
const ORD = ['一', '二', '三', '四', '五', '六'];

/** The agency as its own prose names it. */
const short = (a: string) => a.replace(/(人民政府|办事处)$/, '');
const SELF: Record<string, string> = { township: '本镇', county: '本县', city: '本市', province: '本省', department: '本局', unknown: '本机关' };
function self(ctx: ProseContext): string {
  if (ctx.level === 'township') return /乡/.test(short(ctx.agency).slice(-1)) ? '本乡' : /街道/.test(ctx.agency) ? '本街道' : '本镇';
  if (ctx.level === 'department') return /委员会$|委$/.test(ctx.agency) ? '本委' : /办$|办公室$/.test(ctx.agency) ? '本办' : /中心$/.test(ctx.agency) ? '本中心' : '本局';
  return SELF[ctx.level] ?? '本机关';
}
const up = (ctx: ProseContext) => (ctx.level === 'city' ? '省委省政府' : ctx.level === 'county' ? '市委市政府' : ctx.level === 'department' ? '上级主管部门' : '县委县政府');
const t3 = (ctx: ProseContext, row: string) => { const v = ctx.tables.t3[row]?.[6]; return typeof v === 'number' ? v : null; };

// ---------------------------------------------------------------- word pools

const NAME_CHARS = '东西南北前后新老大小黄白石河桥山岭湾塘坪坝溪沟庄林泉杨柳桃李梅竹松柏枫荷龙凤鹤鹿金银铜铁红青丰和安宁兴隆福寿永平太吉祥瑞盛华荣康顺';
const GOALS = [
  '以公开促落实、以公开促规范、以公开促服务', '不断提升政务公开标准化规范化水平', '切实保障人民群众的知情权、参与权、表达权和监督权',
  '推动政务公开工作取得新成效', '着力建设法治政府、廉洁政府和服务型政府', '持续深化决策、执行、管理、服务、结果公开',
  '进一步增强政府工作透明度和公信力', '全面推进基层政务公开标准化规范化', '围绕中心、服务大局，扎实做好各项公开工作',
  '把政务公开贯穿政务运行全过程', '以群众需求为导向，提高公开实效',
];
const GUIDES = ['坚持以习近平新时代中国特色社会主义思想为指导', '深入贯彻落实党的二十大精神', '紧紧围绕年度中心工作', '在上级党委政府的坚强领导下', '按照上级政务公开工作部署', '坚持以人民为中心的发展思想'];
const ROLES = ['主要负责同志', '党政主要领导', '分管负责同志', '主要负责人', '党委书记', '行政主要负责人', '分管副职'];
const OFFICES = ['党政办公室', '办公室', '综合办公室', '政务服务中心', '党政综合办公室', '行政审批服务办公室', '法制办公室', '党建工作办公室', '综合保障中心'];
const PLATFORMS = ['政府门户网站', '政府信息公开专栏', '政务微博', '村（居）务公开栏', '电子显示屏', '政务服务大厅查阅点', '便民服务中心公示栏', '政务公开专区', '今日头条政务号', '政务抖音号', '新闻发布会', '广播电视'];
const CATEGORIES = ['机构职能', '财政预决算', '重大建设项目', '乡村振兴', '民生保障', '安全生产', '人事信息', '政策文件', '规划计划', '应急管理', '教育卫生', '生态环境', '社会救助', '公共资源配置', '惠农补贴', '就业创业', '征地补偿', '养老服务', '住房保障', '疫情防控', '防汛抗旱', '营商环境'];
const TOPICS = ['乡村振兴', '优化营商环境', '稳就业保民生', '农村人居环境整治', '耕地保护', '义务教育', '医疗保障', '城乡低保', '安全生产专项整治', '森林防火', '人口普查', '高标准农田建设', '老旧小区改造', '垃圾分类', '河长制', '移风易俗', '产业发展', '退役军人服务'];
const FORMS = ['图文解读', '视频解读', '简明问答', '一图读懂', '动漫解读', '专家解读', '领导干部解读', '音频解读', 'H5解读'];
const MECHANISMS = ['信息发布保密审查制度', '政务舆情回应机制', '政府信息公开申请办理工作规程', '政策解读与文件同步机制', '信息公开考核评议制度', '社会评议制度', '责任追究制度', '依申请公开会商机制', '公开属性源头认定机制', '主动公开目录动态更新机制', '政务公开督查通报制度', '信息发布三级审核制度'];
const AREAS = ['乡村振兴', '财政预决算', '重大建设项目', '公共资源配置', '社会救助', '安全生产', '生态环境', '征地拆迁', '义务教育', '医疗卫生', '就业创业', '养老服务', '住房保障', '农村集体“三资”', '惠民惠农财政补贴', '食品药品监管', '市场监管', '城乡建设'];
const AREA_ACTIONS = ['公开相关信息', '更新公示内容', '发布公示公告', '公开项目审批和实施信息', '公示补贴发放名单', '发布办事指南', '公开监督检查结果'];
const PROBLEMS = [
  '政府信息公开内容还不够全面，部分领域信息更新不够及时', '政策解读形式较为单一，图解、视频等解读方式运用不足', '工作人员业务能力有待提升，对条例的理解不够深入',
  '公开平台互动功能不够完善，回应群众关切不够及时', '基层政务公开标准化规范化建设有待加强', '主动公开目录编制不够细化，公开事项与实际工作衔接不紧',
  '依申请公开办理程序还需进一步规范', '村（居）务公开栏更新不及时，部分内容流于形式', '信息发布审核把关不够严格，个别信息存在错别字',
  '部分公开信息格式不统一、要素不齐全', '政务公开与政务服务融合不够深入', '政务新媒体运维力量薄弱，更新频率偏低',
  '公开信息的可读性和实用性不强，群众获取信息不够便捷', '对政务公开工作的考核督促力度不够', '重点领域信息公开的深度和广度不够',
  '专职工作人员少，兼职人员流动性大', '公众参与渠道不多，意见征集反馈不够及时', '历史公开信息的清理和归档不够规范',
];
const MEASURES = [
  '加强业务培训，提高工作人员的政策水平和业务能力', '拓宽公开渠道，充分运用政务新媒体扩大信息覆盖面', '丰富政策解读形式，推行图解、视频、问答等多种解读方式',
  '严格落实信息发布审核制度，确保公开信息准确规范', '规范依申请公开办理流程，严格按照法定时限答复', '加强基层政务公开标准化规范化建设，完善公开事项目录',
  '动态更新主动公开目录，做到应公开尽公开', '强化考核监督，将政务公开纳入年度绩效考核', '推进政务公开与政务服务深度融合，提升办事便利度',
  '加强政府信息公开专栏日常维护，及时清理过时信息', '健全政务舆情回应机制，及时回应社会关切', '加强对村（社区）公开工作的指导和督查',
  '做好重大决策预公开，广泛听取群众意见', '优化信息发布流程，提高信息发布时效', '加强公开平台建设，完善检索和互动功能',
  '建立健全公开工作台账，规范档案管理', '充实工作力量，保持工作人员相对稳定', '聚焦群众关切，加大重点领域信息公开力度',
];
const CLOSINGS = ['不断提升政务公开工作水平', '推动政务公开工作再上新台阶', '切实满足群众信息需求', '努力打造透明高效的服务型机关', '让政务公开成为群众满意工程', '为经济社会发展提供有力保障'];

// ---------------------------------------------------------------- sentences

function opening(r: R): Sentence {
  const guide = pick(r, GUIDES), verb = pick(r, ['认真贯彻落实', '全面落实', '严格执行', '深入贯彻']);
  const extra = pick(r, ['和上级政务公开工作要点', '及上级关于政务公开工作的部署要求', '', '的各项规定', '和《政府信息公开工作年度报告格式》']);
  const goal = pick(r, GOALS), form = int(r, 0, 2);
  return (c) => form === 0 ? `${c.year}年，${c.agency}${guide}，${verb}《中华人民共和国政府信息公开条例》${extra}，${goal}。`
    : form === 1 ? `${c.year}年以来，${c.agency}${verb}《中华人民共和国政府信息公开条例》${extra}，${guide.replace('上级党委政府', up(c))}，${goal}。`
    : `本年度，${c.agency}${guide}，${goal}，现将${c.year}年度政府信息公开工作情况报告如下。`;
}

function organisation(r: R): Sentence {
  const verb = pick(r, ['调整充实了', '成立了', '进一步健全了']), role = pick(r, ROLES), office = pick(r, OFFICES);
  const how = pick(r, ['明确{o}具体负责日常工作', '由{o}承担日常工作', '领导小组办公室设在{o}']).replace('{o}', office);
  const staff = pick(r, ['专职', '专（兼）职', '兼职']), k = int(r, 1, 6);
  const tail = pick(r, ['。', '，形成了主要领导亲自抓、分管领导具体抓、工作人员抓落实的工作格局。', '，确保工作有人抓、有人管。', '，并将政务公开纳入年度重点工作统筹推进。']);
  return (c) => `${self(c)}${verb}以${role}为组长的政务公开工作领导小组，${how}，配备${staff}工作人员${k}名${tail}`;
}

function proactive(r: R, names: Names): Sentence {
  const via = some(r, PLATFORMS, 2, 4), cats = some(r, CATEGORIES, 2, 4), total = int(r, 60, 2600);
  const wx = r() < 0.6;
  const nums = cats.map(() => int(r, 3, Math.max(4, Math.floor(total / 4))));
  const lead = pick(r, ['全年', '本年度', '年内']);
  const verb = pick(r, ['主动公开政府信息', '累计发布各类政府信息', '公开各类信息', '主动发布信息']);
  return (c) => `${lead}通过${list([...via, ...(wx ? [`“${names.wechat(c)}”微信公众号`] : [])])}等渠道${verb}${total}条，其中${cats.map((x, i) => `${x}类${nums[i]}条`).join('、')}。`;
}

function website(r: R, names: Names): Sentence {
  const which = int(r, 0, 3), n = int(r, 30, 3000), reach = int(r, 0, 3), m = int(r, 100, 90000);
  const verb = pick(r, ['更新', '发布', '推送', '上传']);
  return (c) => {
    const where = [`${self(c)}政府信息公开专栏`, '门户网站信息公开专栏', `“${names.wechat(c)}”微信公众号`, `政务微博“${names.weibo}”`][which]!;
    const tail = [`访问量达${m}人次`, `累计浏览量${(m / 100).toFixed(1)}万人次`, `关注人数${m}人`, `阅读量${m}次`][reach]!;
    return `${where}全年${verb}信息${n}篇，${tail}。`;
  };
}

function interpretation(r: R): Sentence {
  const topics = some(r, TOPICS, 2, 3), kind = pick(r, ['重点工作', '社会关注事项', '群众关心的热点问题', '民生政策']);
  const verb = pick(r, ['发布政策解读', '开展政策解读', '制作解读材料', '推出解读稿件']), n = int(r, 2, 60), form = pick(r, FORMS), k = int(r, 1, Math.max(1, Math.floor(n / 2)));
  const tail = pick(r, ['，做到政策文件与解读材料同步起草、同步审签、同步发布。', '。', '，有效提升了政策知晓度。', '，让群众看得到、听得懂、用得上。']);
  return () => `围绕${list(topics)}等${kind}，${verb}${n}篇，其中${form}${k}篇${tail}`;
}

/** The applications table as the prose states it: always the report's own figures. */
function applications(r: R): Sentence {
  const form = int(r, 0, 4), lead = pick(r, ['全年', '本年度', '{Y}年，{self}']);
  const reply = pick(r, ['均在法定期限内予以答复', '均已按规定时限答复', '全部依法依规办理', '答复率100%']);
  return (c) => {
    const L = lead.replace('{Y}', String(c.year)).replace('{self}', self(c));
    const n = t3(c, 'new'), cr = t3(c, 'carried'), tot = t3(c, 'total'), cf = t3(c, 'carry_forward'), g = t3(c, 'granted');
    if (n === null || cr === null || tot === null || cf === null) return `${L}依申请公开工作${reply.replace(/^均|^全部/, '')}。`;
    if (n === 0 && cr === 0) return `${L}未收到政府信息公开申请。`;
    switch (form) {
      case 0: return `${L}共收到政府信息公开申请${n}件，上年结转${cr}件。`;
      case 1: return `${L}新收政府信息公开申请${n}件，${cf === 0 ? reply : `结转下年度继续办理${cf}件`}。`;
      case 2: return g === null ? `${L}收到政府信息公开申请${n}件。` : `${L}收到政府信息公开申请${n}件，其中予以公开${g}件。`;
      case 3: return `${L}办结政府信息公开申请${tot}件，结转下年度继续办理${cf}件。`;
      default: return `${L}受理依申请公开${n}件${cf === 0 ? `，${reply}` : ''}。`;
    }
  };
}

function reviews(r: R): Sentence {
  const form = int(r, 0, 2), lead = pick(r, ['全年', '本年度', '年内']);
  const done = pick(r, ['已依法妥善处理', '均已按程序办理']), calm = pick(r, ['整体平稳有序', '规范有序推进']);
  return (c) => {
    const t4 = c.tables.t4;
    const review = t4[4], suit = [t4[9], t4[14]];
    if (review === 0 && suit.every((x) => x === 0)) {
      return [`${lead}未发生因政府信息公开引起的行政复议、行政诉讼案件。`, `${lead}没有因政府信息公开工作被申请行政复议或提起行政诉讼的情况。`, `${lead}无政府信息公开行政复议、行政诉讼案件。`][form]!;
    }
    if (typeof review === 'number' && review > 0) return `${lead}因政府信息公开被申请行政复议${review}件，${done}。`;
    return `${lead}政府信息公开工作${calm}。`;
  };
}

function mechanisms(r: R): Sentence {
  const verb = pick(r, ['严格落实', '建立健全', '不断完善', '认真执行']), ms = some(r, MECHANISMS, 2, 3);
  const tail = pick(r, ['，确保公开工作依法有序开展', '，做到公开前审查、公开后跟踪', '，推动公开工作制度化、常态化', '，坚持“先审查、后公开”和“一事一审”原则']);
  return () => `${verb}${list(ms)}${tail}。`;
}

function area(r: R): Sentence {
  const a = pick(r, AREAS), act = pick(r, AREA_ACTIONS), n = int(r, 2, 120), unit = pick(r, ['条', '次', '期', '批次']);
  const lead = pick(r, ['在', '聚焦', '围绕']), tail = pick(r, ['。', '，主动接受群众监督。', '，保障群众的知情权和监督权。']);
  return () => `${lead}${a}领域，${act}${n}${unit}${tail}`;
}

function villages(r: R, names: Names): Sentence {
  const vs = some(r, names.villages, 2, 4), what = pick(r, ['村（社区）', '行政村', '村居']);
  const act = pick(r, ['规范设置公开栏', '按月更新村务公开内容', '开展党务村务财务公开', '推行“阳光村务”', '落实“四议两公开”']), n = int(r, 4, 48), unit = pick(r, ['期', '次', '余次']);
  return () => `指导${list(vs)}等${what}${act}，全年公开${n}${unit}。`;
}

function training(r: R): Sentence {
  const n = int(r, 1, 6), k = int(r, 8, 240);
  const how = pick(r, ['组织政务公开业务培训', '举办政府信息公开专题培训', '开展政务公开业务学习', '采取以会代训方式组织培训']);
  const tail = pick(r, ['，有效提升了工作人员业务水平。', '。', '，进一步增强了依法公开意识。', '，重点学习了新修订的条例和年报格式。']);
  return () => `${how}${n}次，参训${k}人次${tail}`;
}

function hotline(r: R): Sentence {
  const n = int(r, 20, 5000), rate = int(r, 92, 100), what = pick(r, ['工单', '群众诉求', '热线诉求']);
  return () => `办理12345政务服务便民热线${what}${n}件，按期办结率${rate}%。`;
}

function consultation(r: R): Sentence {
  const n = int(r, 1, 12), m = int(r, 5, 300), what = pick(r, ['重大行政决策', '民生实事项目', '年度重点工作', '规划编制']);
  return () => `对${n}项${what}开展意见征集，收集意见建议${m}条，并及时反馈采纳情况。`;
}

function problems(r: R): Sentence {
  const ps = some(r, PROBLEMS, 2, 4), form = int(r, 0, 3);
  return (c) => {
    const head = [`${c.year}年，${self(c)}政府信息公开工作取得了一定成效，但也存在一些不足：`, '存在的主要问题：', '对照上级要求，还存在以下问题：', '虽然取得了一定成效，但与群众的期待相比仍有差距，主要表现在：'][form]!;
    return `${head}${form % 2 === 0 ? ps.map((p, i) => `${ORD[i]}是${p}`).join('；') : ps.join('；')}。`;
  };
}

function improvements(r: R, names: Names): Sentence {
  const ms = some(r, MEASURES, 2, 4), form = int(r, 0, 3), closing = pick(r, CLOSINGS), k = int(r, 2, 4);
  const guide = r() < 0.4 ? `，指导${names.villages[0]}等村（社区）做好公开工作` : '';
  return (c) => {
    const head = [`下一步，${self(c)}将`, '改进措施：', `${c.year + 1}年，我们将重点做好以下工作：`, `针对上述问题，${c.agency}将采取以下措施：`][form]!;
    const body = form === 0 ? ms.join('，') : ms.map((m, i) => `${ORD[i]}是${m}`).join('；');
    return `${head}${body}${guide}，每年至少组织${k}次专题培训，${closing}。`;
  };
}

function fees(r: R): Sentence {
  const form = int(r, 0, 3);
  return (c) => {
    const f = c.tables.t2.fees;
    if (typeof f === 'number' && f > 0) return `本年度收取信息处理费${f}万元。`;
    return ['本年度未收取政府信息公开信息处理费。', `${c.year}年度${self(c)}未产生政府信息公开信息处理费。`, '本机关依申请提供政府信息，未收取任何费用。', '无收费情况。'][form]!;
  };
}

function proposals(r: R): Sentence {
  const a = int(r, 0, 30), b = int(r, 0, 30), form = int(r, 0, 2);
  return () => [`全年承办人大代表建议${a}件、政协委员提案${b}件，办复率100%。`, `本年度共办理人大代表建议和政协提案${a + b}件，均已按期办结并公开办理结果。`, `承办的${a}件人大代表建议、${b}件政协提案全部按时办结。`][form]!;
}

function keyPoints(r: R): Sentence {
  const tasks = some(r, TOPICS, 2, 3);
  return (c) => `按照《${c.year}年政务公开工作要点》要求，${self(c)}重点做好${list(tasks)}等方面信息公开，各项任务均已落实。`;
}

function statPeriod(r: R): Sentence {
  const form = int(r, 0, 1);
  return (c) => form === 0 ? `本报告中所列数据的统计期限自${c.year}年1月1日起至${c.year}年12月31日止。` : `本报告所列数据统计时间为${c.year}年1月1日至12月31日。`;
}

function contact(r: R, names: Names): Sentence {
  const area = int(r, 310, 998), tel = int(r, 2000000, 8999999), office = names.office;
  return (c) => `如对本报告有任何疑问，请与${c.agency}${office}联系（联系电话：0${area}-${tel}）。`;
}

// ---------------------------------------------------------------- plan

/** Names that belong to one report's author (kept when another report copies its text). */
interface Names { villages: string[]; weibo: string; office: string; wechat: (c: ProseContext) => string }

function names(r: R): Names {
  const two = () => pick(r, [...NAME_CHARS]) + pick(r, [...NAME_CHARS]);
  const villages = Array.from({ length: 4 }, () => two() + pick(r, ['村', '村', '社区', '居委会']));
  const weibo = two() + pick(r, ['在线', '之窗', '发布', '政声']);
  const style = int(r, 0, 2);
  return {
    villages, weibo, office: pick(r, OFFICES),
    wechat: (c) => [`${short(c.agency)}发布`, `${short(c.agency)}微政务`, `${weibo.slice(0, 2)}微讯`][style]!,
  };
}

/** A report's prose plan, from its own random stream. */
export function prosePlan(r: R): ProsePlan {
  const nm = names(r);
  const optional: Array<(r: R) => Sentence> = [
    (q) => organisation(q), (q) => website(q, nm), (q) => interpretation(q), (q) => mechanisms(q), (q) => area(q), (q) => area(q),
    (q) => villages(q, nm), (q) => training(q), (q) => hotline(q), (q) => consultation(q),
  ];
  const s1 = [opening(r), ...some(r, optional, 4, 7).map((f) => f(r))];
  // the figures go where reports put them: after the publication paragraph, or near the end
  s1.splice(int(r, 1, s1.length), 0, proactive(r, nm));
  s1.splice(int(r, 2, s1.length), 0, applications(r), ...(r() < 0.7 ? [reviews(r)] : []));
  const s5 = [problems(r), improvements(r, nm)];
  const s6Optional: Array<(r: R) => Sentence> = [(q) => proposals(q), (q) => keyPoints(q), (q) => statPeriod(q), (q) => contact(q, nm)];
  const s6 = [fees(r), ...some(r, s6Optional, 1, 3).map((f) => f(r))];
  return { s1, s5, s6 };
}

export function fillProse(plan: ProsePlan, ctx: ProseContext): Prose {
  const fill = (xs: Sentence[]) => xs.map((s) => s(ctx)).join('');
  return { s1: fill(plan.s1), s5: fill(plan.s5), s6: fill(plan.s6) };
}

/**
 * A copy of `source`'s plan in which up to `maxEdits` sentences of 一 and 六 (not the opening) are the copier's
 * own sentence at that place instead: a copier rewrites a sentence or two; 五's two long paragraphs are
 * copied whole, as copiers usually do.
 */
export function copiedPlan(source: ProsePlan, own: ProsePlan, r: R, maxEdits = 2): ProsePlan {
  const s1 = [...source.s1], s6 = [...source.s6];
  const places: Array<['s1' | 's6', number]> = [...[...s1.keys()].slice(1).map((i): ['s1', number] => ['s1', i]), ...[...s6.keys()].map((i): ['s6', number] => ['s6', i])];
  for (const [sec, i] of some(r, places, 0, maxEdits)) {
    const mine = own[sec][i];
    if (mine) (sec === 's1' ? s1 : s6)[i] = mine;
  }
  return { s1, s5: source.s5, s6 };
}
