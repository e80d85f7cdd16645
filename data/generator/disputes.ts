// Demo disputes and hazards (矛盾纠纷、隐患) across every status, and each community office's
// public phone. Deterministic from the town's seed; dates are days before the load, so a demo
// always has recent, open and overdue cases.
import type { DemoTown } from './types';
import type { DisputeKind, DisputeStatus } from '../../server/src/contract/disputes';
import { GIVEN_NAME_CHARS, SURNAMES } from './names';
import { Prng } from './prng';

export interface DemoCaseEvent {
  toStatus: DisputeStatus;
  fromStatus: DisputeStatus | null;
  note: string;
  daysAgo: number;
}

export interface DemoCase {
  id: number;
  kind: DisputeKind;
  category: string;
  buildingCode: string;
  parties: string[];
  description: string;
  reportedBy: string;
  daysAgo: number;
  events: DemoCaseEvent[];
}

export interface DemoOffice {
  communityCode: string;
  phone: string;
  address: string;
}

const DESCRIPTIONS: Record<DisputeKind, Record<string, string[]>> = {
  dispute: {
    neighbour: ['楼上卫生间漏水影响楼下住户，双方就维修费用协商未果', '邻居在楼道长期堆放杂物并饲养犬只，噪音扰民引发争执'],
    family: ['老人赡养费用分担问题，子女之间意见不一', '夫妻因家庭琐事多次争吵，邻居反映影响安宁'],
    property_management: ['业主对物业费上涨不满，拒交物业费', '小区电梯长期故障，业主与物业公司就维修责任产生纠纷'],
    labour: ['装修工人反映被拖欠工资两个月', '小区保洁人员与物业公司就加班费发生争议'],
    land_housing: ['一楼住户私自扩建院墙占用公共绿地，相邻住户反对', '老旧房屋产权继承分割存在争议'],
    other: ['停车位使用问题引发住户争执', '广场舞音量过大，周边住户投诉'],
  },
  hazard: {
    fire: ['楼道内电动车充电，飞线私拉，存在火灾隐患', '消防通道被杂物和车辆堵塞'],
    structural: ['外墙瓷砖空鼓脱落，危及行人安全', '老旧楼栋阳台出现裂缝'],
    public_order: ['小区围墙破损，外来人员随意进出', '夜间路灯损坏，存在治安隐患'],
    sanitation: ['化粪池外溢，污水漫流', '垃圾堆放点长期未清运，蚊蝇滋生'],
    other: ['窨井盖缺失，存在跌落风险', '树木倾斜，台风天气有倒伏风险'],
  },
};

const NOTES: Record<DisputeKind, Partial<Record<DisputeStatus, string[]>>> = {
  dispute: {
    accepted: ['已受理，网格员上门了解情况'],
    mediating: ['组织双方在社区调解室面谈', '请楼栋长和调解员共同调解'],
    resolved: ['双方达成调解协议，已签字', '经调解双方和解，问题已解决'],
    failed: ['调解未成，已告知当事人通过诉讼途径解决'],
    referred: ['移交镇司法所人民调解委员会', '涉及治安问题，移交派出所处理'],
  },
  hazard: {
    accepted: ['已受理，网格员现场核实'],
    mediating: ['已通知责任单位限期整改', '设置警示标志，组织整改'],
    resolved: ['整改完成，现场复查合格'],
    failed: ['责任方拒不整改，记录在案'],
    referred: ['移交消防、住建等部门处理'],
  },
};

// Where cases end up, as paths through the life cycle (weights in tenths).
const PATHS: { weight: number; path: DisputeStatus[] }[] = [
  { weight: 1, path: ['reported'] },
  { weight: 1, path: ['reported', 'accepted'] },
  { weight: 1.5, path: ['reported', 'accepted', 'mediating'] },
  { weight: 4.5, path: ['reported', 'accepted', 'mediating', 'resolved'] },
  { weight: 0.8, path: ['reported', 'accepted', 'mediating', 'failed'] },
  { weight: 0.6, path: ['reported', 'accepted', 'referred'] },
  { weight: 0.6, path: ['reported', 'accepted', 'mediating', 'referred'] },
];

function pickPath(rng: Prng): DisputeStatus[] {
  const total = PATHS.reduce((t, p) => t + p.weight, 0);
  let at = rng.next() * total;
  for (const p of PATHS) {
    if ((at -= p.weight) < 0) return p.path;
  }
  return PATHS[PATHS.length - 1].path;
}

/** Cases per community: the worker's community gets more so their own cells have some. */
export function generateDisputes(town: DemoTown, workerCommunityCode: string): DemoCase[] {
  const rng = new Prng(town.seed * 31 + 8);
  // Party names avoid the people's names, so a leak check can look for them anywhere. Bounded
  // tries: a very large generated town may run short of fresh names and then reuses one.
  const taken = new Set(town.people.map((p) => p.name));
  const partyName = (): string => {
    let name = '';
    for (let attempt = 0; attempt < 50; attempt++) {
      const gender = rng.chance(0.5) ? 'M' : 'F';
      name = rng.pick(SURNAMES) + rng.pick(GIVEN_NAME_CHARS[gender]) + rng.pick(GIVEN_NAME_CHARS[gender]);
      if (!taken.has(name)) break;
    }
    taken.add(name);
    return name;
  };
  const residential = new Map<string, string[]>();
  for (const b of town.buildings) {
    if (b.households === 0) continue;
    if (!residential.has(b.communityCode)) residential.set(b.communityCode, []);
    residential.get(b.communityCode)!.push(b.code);
  }
  const cases: DemoCase[] = [];
  for (const community of town.communities) {
    const buildings = residential.get(community.code) ?? [];
    if (buildings.length === 0) continue;
    const count = community.code === workerCommunityCode ? 24 : rng.int(4, 8);
    for (let i = 0; i < count; i++) {
      const kind: DisputeKind = rng.chance(0.7) ? 'dispute' : 'hazard';
      const category = rng.pick(Object.keys(DESCRIPTIONS[kind]));
      const path = pickPath(rng);
      const daysAgo = rng.int(1, 150) + rng.next();
      const events: DemoCaseEvent[] = [];
      let day = daysAgo;
      path.forEach((status, step) => {
        if (step > 0) day = Math.max(0.1, day - rng.int(1, 8) - rng.next());
        events.push({
          toStatus: status,
          fromStatus: step === 0 ? null : path[step - 1],
          note: step === 0 ? '' : rng.pick(NOTES[kind][status]!),
          daysAgo: day,
        });
      });
      cases.push({
        id: cases.length + 1,
        kind,
        category,
        buildingCode: rng.pick(buildings),
        parties: kind === 'dispute' ? Array.from({ length: rng.int(1, 3) }, partyName) : [],
        description: rng.pick(DESCRIPTIONS[kind][category]),
        reportedBy: community.code === workerCommunityCode ? 'worker' : 'admin',
        daysAgo,
        events,
      });
    }
  }
  return cases;
}

/** Each community office's landline (Jiangdu: area code 0514) and address. */
export function generateOffices(town: DemoTown): DemoOffice[] {
  const rng = new Prng(town.seed * 31 + 9);
  return town.communities.map((c, i) => ({
    communityCode: c.code,
    phone: `0514-8${String(6_800_000 + i * 1_013 + rng.int(0, 999)).padStart(7, '0')}`,
    address: `${c.name}党群服务中心`,
  }));
}
