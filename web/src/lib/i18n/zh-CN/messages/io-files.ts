// 真实文件里的内容：同一楼幢的碎片、重叠的轮廓、作为图层的网格方案、GeoPackage 文件。
import type { ioFilesMessages } from '$contract/messages/io-files';
import type { Text } from '../../types';

export const ioFiles: Record<keyof typeof ioFilesMessages, Text> = {
  'import.note.building_pieces_merged': '要素 {pieces} 是同一楼幢的碎片（来源编号相同，或重叠超过一半），已合并为要素 {kept}，保留其属性',
  'import.note.building_pieces_merged_rows':
    '第 {pieces} 行是同一楼幢的碎片（来源编号相同，或重叠超过一半），已合并为第 {kept} 行，保留其属性',
  'import.building_pieces_apart': '同一楼幢的碎片（要素/行 {pieces}）无法拼成一个轮廓',
  'import.building_overlap_feature':
    '该轮廓与要素 {other} 重叠 {overlapM2} m²；最多允许 {maximumM2} m²（设置项 import.buildingOverlapMaxM2）',
  'import.building_overlap_row': '该轮廓与第 {other} 行重叠 {overlapM2} m²；最多允许 {maximumM2} m²（设置项 import.buildingOverlapMaxM2）',
  'import.building_overlap_stored':
    '该轮廓与已有楼幢 {code} 重叠 {overlapM2} m²；最多允许 {maximumM2} m²（设置项 import.buildingOverlapMaxM2）',
  'import.gpkg_not_sqlite': '不是 GeoPackage：该文件不是 SQLite 数据库',
  'import.gpkg_not_geopackage': '不是 GeoPackage：数据库中没有 gpkg_contents 和 gpkg_geometry_columns 表',
  'import.gpkg_no_features': '该 GeoPackage 中没有要素表',
  'import.gpkg_many_tables': '该 GeoPackage 中有 {count} 个要素表（{names}）；每个文件只放一个图层',
  'import.gpkg_unreadable': '无法读取该 GeoPackage：{detail}',
  'import.gpkg_geometry_unreadable': '无法读取 GeoPackage 图形：{detail}',
  'import.note.gpkg_table': '已读取 GeoPackage 表 {table} 的要素',
  'export.gpkg_not_spatial': '{layer} 没有几何图形，请导出为 CSV',
};
