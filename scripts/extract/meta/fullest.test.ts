/**
 * The agency from a report's preamble and the fullest form of its name, on lines quoted from the real page-copied
 * reports in tests/fixtures/real (file number given with each; Traditional pages as the normaliser simplifies them).
 * Each case that takes a name is paired with one where another body is named and must not win.
 */
import { describe, expect, it } from 'vitest';
import { extractMetadata } from '../metadata.ts';
import { agreesWithSelf, definedFullName, fullestGovernmentName, withoutUnknownPlace } from './fullest.ts';

const agencyOf = (text: string) => {
  const m = extractMetadata(text);
  return [m.agency, m.agencyBasis];
};

// 032 (自治区北部湾办): the title prints the abbreviation, the preamble defines it.
const L032 = '本年度报告根据《中华人民共和国政府信息公开条例》要求,由广西壮族自治区北部湾经济区规划建设管理办公室(以下简称自治区北部湾办)编制。';
// 034 (沈村镇): the contact line, and the address that follows it.
const L034 = '如对本报告有疑问,请与沈村镇人民政府联系(地址:安徽省宣城市宣州区沈村镇北苑路,电话:0563-3381120,邮编:242056)。';
// 024 (两城镇): compiler, contact and an address naming the county before the government.
const L024 = '本报告是根据《中华人民共和国政府信息公开条例》(以下简称《条例》)要求,由两城镇人民政府党政办公室编制。\n' +
  '如对本报告有任何疑问,请与两城镇人民政府党政办公室联系。(地址:微山县两城镇人民政府驻地府前路1号,邮编:272199,电话:0537-8451001)';
// 027 (桐梓县): the report published by the place's name, the government's site and office.
const L027 = '根据《中华人民共和国政府信息公开条例》(国务院令第711号,以下简称《条例》)要求,现公布桐梓县2022年政府信息公开工作年度报告。\n' +
  '报告电子版可在桐梓县人民政府网站政府信息公开专栏下载。公众如需进一步咨询了解相关信息,请与桐梓县人民政府办公室联系(地址:桐梓县人民政府办公室,邮编:563200,电话:26651691)。';

describe('an abbreviation the text defines gives way to the full name', () => {
  it('032: 自治区北部湾办 → 广西壮族自治区北部湾经济区规划建设管理办公室 (the clause words before 以下简称, without 由)', () => {
    expect(definedFullName(L032, '自治区北部湾办')?.agency).toBe('广西壮族自治区北部湾经济区规划建设管理办公室');
    const m = extractMetadata(`自治区北部湾办2022年政府信息公开工作年度报告\n${L032}`);
    expect([m.agency, m.agencyBasis]).toEqual(['广西壮族自治区北部湾经济区规划建设管理办公室', 'title+defined-full-name']);
    // The span points at the full name where the preamble prints it.
    expect(m.agencySpan).toEqual({ line: 1, start: L032.indexOf('广西'), end: L032.indexOf('(以下') });
  });
  it('a definition of another word (以下简称《条例》) widens nothing', () => {
    expect(definedFullName(L032, '条例')).toBeNull();
    expect(definedFullName(L024, '两城镇人民政府')).toBeNull();
  });
});

describe('the fullest form the text prints of a government', () => {
  it('034: 沈村镇 → 沈村镇人民政府 from the contact line; the address 安徽省宣城市宣州区沈村镇北苑路 is a location, not a name', () => {
    expect(fullestGovernmentName(L034, '沈村镇')?.agency).toBe('沈村镇人民政府');
    expect(fullestGovernmentName('(地址:安徽省宣城市宣州区沈村镇北苑路,电话:0563-3381120)', '沈村镇')).toBeNull();
  });
  it('024: the address 微山县两城镇人民政府驻地 does not widen 两城镇人民政府', () => {
    expect(fullestGovernmentName(L024, '两城镇人民政府')).toBeNull();
  });
  it('002: 北坡镇 → 遂溪县北坡镇人民政府 (通过"遂溪县北坡镇人民政府"微信公众号; the office 遂溪县北坡镇党政综合办公室 alone names no government)', () => {
    const line = '如对本报告有任何疑问,请与遂溪县北坡镇党政综合办公室联系(地址:湛江市遂溪县北坡镇逸民路84号,邮编:524359)。';
    expect(fullestGovernmentName(line, '北坡镇')).toBeNull();
    expect(fullestGovernmentName(`${line}\n通过“遂溪县北坡镇人民政府”微信公众号发布信息132条。`, '北坡镇')?.agency).toBe('遂溪县北坡镇人民政府');
  });
  it('027: 桐梓县 → 桐梓县人民政府 (its site and its office print it); 政府 of 政府信息公开 is no part of a name', () => {
    expect(fullestGovernmentName(L027, '桐梓县')?.agency).toBe('桐梓县人民政府');
    expect(fullestGovernmentName('现公布桐梓县政府信息公开工作年度报告。', '桐梓县')).toBeNull();
  });
  it('a department is never widened (013: 现公布区统计局2023年…)', () => {
    expect(fullestGovernmentName('现公布区统计局2023年政府信息公开工作年度报告。区人民政府网站', '区统计局')).toBeNull();
  });
});

describe('a district the tables do not know is not trusted before a street office', () => {
  it('028: 新葡京博彩官网区人民政府北京街道办事处 → 北京街道办事处 (gambling-site text where 越秀区 stood)', () => {
    expect(withoutUnknownPlace('新葡京博彩官网区人民政府北京街道办事处')).toBe('北京街道办事处');
  });
  it('044: 西宁市城中区人民政府礼让街街道办事处 is kept whole (both places known)', () => {
    expect(withoutUnknownPlace('西宁市城中区人民政府礼让街街道办事处')).toBe('西宁市城中区人民政府礼让街街道办事处');
  });
});

describe('the agency from the preamble (real lines)', () => {
  it('007: 现向社会公布龙口镇2022年度政府信息公开工作年度报告 → 龙口镇 (the verb is not part of the name)', () => {
    expect(agencyOf('根据《中华人民共和国政府信息公开条例》,现向社会公布龙口镇2022年度政府信息公开工作年度报告。')).toEqual(['龙口镇', 'narrative']);
  });
  it('015: …的基础上,编制本报告现向社会公开安乐乡2019年政府信息公开工作年度报告 → 安乐乡', () => {
    expect(agencyOf('根据《中华人民共和国政府信息公开条例》(以下简称《条例》)、《云南省政府信息公开办法》的要求,安乐乡在对去年政府信息公开工作进行认真回顾和总结的基础上,编制本报告现向社会公开安乐乡2019年政府信息公开工作年度报告。本报告中所列数据的统计期限自2019年1月1日起至2019年12月31日止。'))
      .toEqual(['安乐乡', 'narrative']);
  });
  it('045: 我乡编制了吉林市昌邑区两家子满族乡人民政府2020年政府信息公开工作年度报告 → the name after 编制了', () => {
    expect(agencyOf('文件要求,我乡编制了吉林市昌邑区两家子满族乡人民政府2020年政府信息公开工作年度报告(以下简称《年报》)。')[0]).toBe('吉林市昌邑区两家子满族乡人民政府');
  });
  it('027: 现公布桐梓县2022年… names the county; its contact 桐梓县人民政府办公室 alone names no agency', () => {
    expect(agencyOf(L027)).toEqual(['桐梓县人民政府', 'narrative+fullest-in-text']);
    expect(agencyOf('公众如需进一步咨询了解相关信息,请与桐梓县人民政府办公室联系(地址:桐梓县人民政府办公室,邮编:563200)。')[0]).toBeNull();
  });
  it('027: a place before a year is taken only as the object of a publishing verb and before the report\'s own name', () => {
    expect(agencyOf('按照桐梓县2022年政府信息公开工作要点,我县坚持以习近平新时代中国特色社会主义思想为指导。')[0]).toBeNull();
  });
  it('047: 2020年,郑州市人民政府以习近平…为指导 → 郑州市人民政府; its contact 郑州市人民政府办公厅 alone is not taken', () => {
    expect(agencyOf('一、总体情况\n2020年,郑州市人民政府以习近平新时代中国特色社会主义思想为指导,全面贯彻党的十九大精神。')[0]).toBe('郑州市人民政府');
    expect(agencyOf('对本报告如有疑问,请与郑州市人民政府办公厅联系(地址:郑州市中原路233号,邮政编码:450007)。')[0]).toBeNull();
  });
  it('023: 2023年,在区委、区政府的坚强领导下,官洲街道办事处认真贯彻落实… → 官洲街道办事处 (the adverbial is skipped)', () => {
    expect(agencyOf('一、总体情况\n2023年,在区委、区政府的坚强领导下,官洲街道办事处认真贯彻落实《中华人民共和国政府信息公开条例》。')).toEqual(['官洲街道办事处', 'narrative']);
  });
  it('028: the same opening with injected text before the street office → 北京街道办事处, said so in the basis', () => {
    expect(agencyOf('一、总体情况\n2020年,在区委、区政府的正确领导下,新葡京博彩官网区人民政府北京街道办事处认真贯彻落实《中华人民共和国政府信息公开条例》等有关法规。'))
      .toEqual(['北京街道办事处', 'narrative+unknown-place-dropped']);
  });
  it('024: 由两城镇人民政府党政办公室编制 → 两城镇人民政府 (the town\'s office stands for it), not widened by the address', () => {
    expect(agencyOf(L024)).toEqual(['两城镇人民政府', 'compiler']);
  });
  it('034: 请与沈村镇人民政府联系 with 2025年,沈村镇严格落实… → 沈村镇人民政府', () => {
    expect(agencyOf(`${L034}\n一、总体情况\n2025年,沈村镇严格落实上级政务公开工作部署。`)).toEqual(['沈村镇人民政府', 'narrative+fullest-in-text']);
    expect(agencyOf(L034)).toEqual(['沈村镇人民政府', 'contact']);
  });
  it('a county office or 政务公开办 as compiler or contact is not taken (055: 昌图县政务公开办; 025: 镇安县人民政府办公室)', () => {
    expect(agencyOf('本报告由昌图县政务公开办编制。如有疑问,请与镇安县人民政府办公室联系。')[0]).toBeNull();
  });
});

describe('a paragraph opening with a township\'s name (003 台吉镇)', () => {
  const L003 = '一、总体情况\n台吉镇根据《中华人民共和国政府信息公开条例》(以下简称《条例》)规定和市文件的具体要求,一年来,认真贯彻实施《条例》。现将我镇2022年政府信息公开工作报告如下:\n' +
    '四是政府信息公开平台建设情况。加快建设台吉镇人民政府公众号,为政务信息公开提供更广的媒介;同时依托北票市人民政府网站平台公布台吉镇重点工作内容。';
  it('台吉镇根据… with 我镇 → 台吉镇, widened to 台吉镇人民政府 (台吉镇人民政府公众号); 北票市人民政府 does not win', () => {
    expect(agencyOf(L003)).toEqual(['台吉镇人民政府', 'narrative+fullest-in-text']);
  });
  it('not when the text calls itself another kind of body (我局), nor when the name is printed once', () => {
    expect(agencyOf(L003.replace('我镇', '我局'))[0]).toBeNull();
    expect(agreesWithSelf('现将我局2022年…', '台吉镇')).toBe(false);
    expect(agencyOf('一、总体情况\n台吉镇根据《中华人民共和国政府信息公开条例》规定和市文件的具体要求,认真贯彻实施《条例》。')[0]).toBeNull();
  });
  it('a paragraph led by 各乡镇 / 县政府 names no agency', () => {
    expect(agencyOf('一、总体情况\n县政府严格按照《条例》要求。县政府网站\n各乡镇严格按照要求。各乡镇')[0]).toBeNull();
  });
});
