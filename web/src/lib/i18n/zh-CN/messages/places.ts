// 行政区划与导入合理性检查（是否在中国境内、是否在上级区划内、是否重叠）的服务器代码文字。
import type { placesMessages } from '$contract/messages/places';
import type { Text } from '../../types';

export const places: Record<keyof typeof placesMessages, Text> = {
  'import.division_level_mismatch':
    '代码 {code} 不可能是{level}：省级 2 位、地级 4 位、县级 6 位、乡镇 9 位、社区 12 位（以 0 补齐的 6 位和 12 位代码会自动缩短）',
  'import.outside_china': '按 {crs} 读取时，该图形位于 {lng}, {lat}，在中国范围之外（东经 73.4–135.1°，北纬 3.8–53.6°）',
  'import.outside_parent': '按 {crs} 读取时，该图形只有 {insidePercent}% 位于上级区划 {parent} {parentName} 之内',
  'import.datum_mix_up':
    '按 {crs} 读取时，该轮廓有 {outsidePercent}% 位于上级区划 {parent} {parentName} 之外；按 {better} 读取则只有 {betterOutsidePercent}%：请以坐标系 crs={better} 导入（或修正 {parent} 的轮廓）',
  'import.crs_hint_parent': '若按 {crs} 读取，它会落在 {parent} 之内：文件是否采用该坐标系？',
  'import.crs_hint_china': '若按 {crs} 读取，它会落在中国境内：文件是否采用该坐标系？',
  'import.swap_hint': '若交换经度和纬度，它就会落在应在的位置：是否把经纬度写反了？',
  'import.zero_area': '该图形没有面积（{areaM2} 平方米）',
  'import.community_overlap':
    '与社区 {other} 重叠，重叠部分占本社区面积的 {percent}%；最多允许 {maximum}%（设置项 import.communityOverlapMaxPercent）',
  'import.coordinate_swapped':
    '坐标 [{x}, {y}] 超出经纬度范围，但 [{y}, {x}] 在中国境内：是否把经纬度写反了？（本记录共有 {count} 个错误坐标）',
  'import.note.assumed_wgs84': '压缩包中没有 .prj 文件：坐标已按 WGS84 经纬度读取',
  'import.datum_mix_up_buildings':
    '按 {crs} 读取时，登记在 {code} 下的 {count} 栋楼只有 {insidePercent}% 位于该轮廓内；按 {better} 读取则有 {betterInsidePercent}%：请以坐标系 crs={better} 导入',
  'import.datum_mix_up_community':
    '按 {crs} 读取时，文件中属于社区 {community} 的楼幢只有 {insidePercent}% 位于该社区轮廓内；按 {better} 读取则有 {betterInsidePercent}%：请以坐标系 crs={better} 导入该文件（或修正 {community} 的轮廓）',
  'import.datum_mix_up_clashes':
    '按 {crs} 读取时，抽查的 {sampled} 栋楼中有 {clashing} 栋（{clashPercent}%）压在已有道路上或与已有楼幢部分重叠；按 {better} 读取则只有 {betterClashPercent}%：请以坐标系 crs={better} 导入该文件',
};
