/** The words printed around a grid map, in the languages the app speaks. */
import type { PrintLanguage } from '../../contract/print';
import { englishCellLabel } from '../../contract/messages/render';

export interface PrintWords {
  title: (community: string) => string;
  subtitle: (code: string, cells: number, households: number) => string;
  legend: string;
  communityBoundary: string;
  compound: string;
  building: string;
  cellsHeading: string;
  /** A cell's label on paper: 第2网格 in Chinese, "Cell 2" in English. */
  cell: (label: string) => string;
  households: (n: number) => string;
  noStaff: string;
  noPlan: string;
  north: string;
  generated: (date: string) => string;
  /** The basemap's attribution line; empty when it has none. */
  basemap: (attribution: string) => string;
  basemapFailed: string;
}

export const PRINT_WORDS: Record<PrintLanguage, PrintWords> = {
  'zh-CN': {
    title: (community) => `${community}网格划分图`,
    subtitle: (code, cells, households) => `社区代码 ${code} · 共 ${cells} 个网格 · ${households} 户`,
    legend: '图例',
    communityBoundary: '社区界线',
    compound: '小区',
    building: '楼幢',
    cellsHeading: '网格及网格员',
    cell: (label) => label,
    households: (n) => `${n} 户`,
    noStaff: '未配备网格员',
    noPlan: '尚无已发布的网格方案',
    north: '北',
    generated: (date) => `生成日期：${date}`,
    basemap: (attribution) => (attribution ? `底图：${attribution}` : ''),
    basemapFailed: '底图瓦片未能获取，本图未印底图',
  },
  en: {
    title: (community) => `${community} — grid map`,
    subtitle: (code, cells, households) => `Community ${code} · ${cells} cells · ${households} households`,
    legend: 'Legend',
    communityBoundary: 'Community boundary',
    compound: 'Compound',
    building: 'Building',
    cellsHeading: 'Cells and grid workers',
    cell: (label) => `Cell ${englishCellLabel(label)}`,
    households: (n) => `${n} households`,
    noStaff: 'No grid worker',
    noPlan: 'No published grid plan yet',
    north: 'N',
    generated: (date) => `Made on ${date}`,
    basemap: (attribution) => (attribution ? `Basemap: ${attribution}` : ''),
    basemapFailed: 'Basemap tiles could not be fetched; printed without a basemap',
  },
};
