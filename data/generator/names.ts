// Chinese names used as data: road, compound, company and person names in the style of a
// Jiangsu county town around 2008. Lists are fixed so output depends only on the seed.

/** North–south roads of the town seat, then synthetic 经N路 names for large benchmarks. */
export const NORTH_SOUTH_ROADS = [
  '江都路',
  '仙城路',
  '工农路',
  '舜天路',
  '芒稻路',
  '新都路',
  '屏山路',
  '建都路',
  '团结路',
  '立新路',
  '浦江路',
  '大桥路',
  '金鹰路',
  '华阳路',
  '泰山路',
  '黄海路',
] as const;

/** East–west roads, then synthetic 纬N路 names. */
export const EAST_WEST_ROADS = [
  '文昌路',
  '龙川路',
  '长江路',
  '东方红路',
  '人民路',
  '引江路',
  '运河路',
  '双拥路',
  '利民路',
  '七里路',
  '宜陵路',
  '天宁路',
  '环城路',
  '滨河路',
  '邵伯路',
  '春江路',
] as const;

/** Lanes of old streets (local roads inside a block). */
export const LANE_NAMES = [
  '仙女巷',
  '龙城巷',
  '禹王巷',
  '玉带巷',
  '高阳巷',
  '砖桥巷',
  '云峰巷',
  '北门街',
  '南门街',
  '东门街',
  '西门街',
  '老街',
  '盐河街',
  '新桥巷',
  '石桥巷',
  '土城巷',
  '三元巷',
  '福寿巷',
  '青云巷',
  '庙前街',
] as const;

export const COMPOUND_PREFIXES = [
  '文昌',
  '龙川',
  '江都',
  '仙城',
  '芙蓉',
  '锦绣',
  '金鹰',
  '阳光',
  '幸福',
  '和平',
  '东方',
  '长江',
  '运河',
  '春江',
  '银河',
  '紫薇',
  '翠竹',
  '凤凰',
  '丽景',
  '水岸',
  '怡景',
  '康乐',
  '太平',
  '建设',
  '跃进',
  '工农',
  '团结',
  '新华',
  '玉带',
  '龙溪',
  '仙女',
  '云峰',
  '明珠',
  '金桥',
  '桂花',
  '香樟',
  '华康',
  '盛世',
  '嘉禾',
  '碧水',
  '天和',
  '福星',
  '龙腾',
  '双桥',
  '育才',
  '红旗',
  '电力',
  '粮食',
  '供销',
  '化肥厂',
  '棉纺',
] as const;

/** Suffix by era: planned-economy work-unit estates, 1990s compounds, 2000s developments, towers. */
export const COMPOUND_SUFFIXES = {
  old: ['新村', '小区', '宿舍', '一村', '二村'],
  mid: ['小区', '花园', '苑', '新村', '家园'],
  new: ['花园', '名城', '雅苑', '花苑', '家园', '世家', '华府', '新城'],
  tower: ['国际', '华庭', '公寓', '大厦', '广场', '天地'],
} as const;

export const PROPERTY_COMPANIES = [
  '江都市仙城物业管理有限公司',
  '江都市龙川物业管理有限公司',
  '扬州金鹰物业服务有限公司',
  '江都市华宇物业管理有限公司',
  '江都市恒信物业管理有限公司',
  '江都市安居物业服务有限公司',
  '扬州明珠物业管理有限公司',
  '江都市新世纪物业管理有限公司',
  '江苏长江物业服务有限公司',
  '江都市苏中物业管理有限公司',
] as const;

/** Common surnames, weighted toward Jiangsu by repetition of the most frequent ones. */
export const SURNAMES = [
  '王',
  '王',
  '陈',
  '陈',
  '张',
  '张',
  '李',
  '刘',
  '徐',
  '徐',
  '朱',
  '吴',
  '周',
  '孙',
  '杨',
  '黄',
  '赵',
  '胡',
  '顾',
  '钱',
  '沈',
  '陆',
  '蒋',
  '许',
  '丁',
  '仇',
  '卞',
  '殷',
  '薛',
  '马',
  '高',
  '郭',
  '何',
  '林',
  '宋',
  '唐',
  '韩',
  '冯',
  '曹',
  '袁',
  '邵',
  '潘',
  '姚',
  '戴',
  '范',
  '金',
  '汤',
  '严',
  '夏',
  '吕',
  '贾',
  '施',
  '花',
  '葛',
] as const;

export const GIVEN_NAME_CHARS = {
  M: [
    '国',
    '建',
    '华',
    '明',
    '军',
    '伟',
    '强',
    '勇',
    '平',
    '斌',
    '林',
    '峰',
    '春',
    '志',
    '永',
    '海',
    '祥',
    '荣',
    '宏',
    '俊',
    '德',
    '文',
    '涛',
    '宝',
    '成',
    '龙',
    '忠',
    '根',
    '福',
    '兵',
  ],
  F: [
    '秀',
    '英',
    '兰',
    '芳',
    '萍',
    '霞',
    '玲',
    '红',
    '梅',
    '娟',
    '琴',
    '凤',
    '云',
    '丽',
    '静',
    '敏',
    '燕',
    '桂',
    '珍',
    '华',
    '玉',
    '美',
    '素',
    '慧',
    '婷',
    '莉',
    '洁',
    '芬',
    '春',
    '月',
  ],
} as const;

/** Former work-unit buildings that can be reallocated to a community (闲置房产调剂). */
export const IDLE_PUBLIC_PROPERTIES = [
  '原粮管所办公楼',
  '原供销社门市',
  '原农机站',
  '原水利站',
  '原税务所',
  '原卫生院旧楼',
  '原镇中学旧址',
  '原电影院附楼',
  '原棉纺厂招待所',
  '原化肥厂办公楼',
  '原邮电所',
  '原房管所',
] as const;

export const PUBLIC_BUILDINGS = ['社区卫生服务站', '幼儿园', '农贸市场', '文化站', '派出所警务室', '老年公寓', '小学'] as const;

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const UNITS = ['', '十', '百', '千'];

/** Chinese numeral for 1–9999 as used in names (十一, 二十, 一百零五). */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 9999) throw new RangeError(`numeral out of range: ${n}`);
  const digits = String(n).split('').map(Number);
  let out = '';
  let pendingZero = false;
  digits.forEach((d, i) => {
    const unit = UNITS[digits.length - 1 - i];
    if (d === 0) {
      pendingZero = out.length > 0;
      return;
    }
    if (pendingZero) out += '零';
    pendingZero = false;
    // 10–19 read 十, 十一…, not 一十一
    out += d === 1 && unit === '十' && i === 0 ? unit : DIGITS[d] + unit;
  });
  return out;
}

/** Road name for grid line `index` of a direction: real names first, then numbered ones. */
export function gridRoadName(list: readonly string[], index: number, numberedPrefix: '经' | '纬'): string {
  return index < list.length ? list[index] : `${numberedPrefix}${chineseNumeral(index - list.length + 1)}路`;
}
