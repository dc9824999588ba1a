/**
 * AWS Regions this project knows, in a fixed order.
 *
 * The order is part of the contract: Region groups (stack shards) are cut from this list by
 * position, so a new Region is always appended at the end and existing entries never move.
 */
export const KNOWN_REGIONS: readonly string[] = [
  // The 17 Regions enabled by default in every commercial account.
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
  'ca-central-1',
  'eu-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-north-1',
  'sa-east-1',
  // Opt-in commercial Regions.
  'af-south-1',
  'ap-east-1',
  'ap-south-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-7',
  'ca-west-1',
  'eu-central-2',
  'eu-south-1',
  'eu-south-2',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
  // Other partitions.
  'us-gov-east-1',
  'us-gov-west-1',
  'cn-north-1',
  'cn-northwest-1',
];

/** The Regions every commercial account has enabled by default (the first 17 of the list). */
export const DEFAULT_COMMERCIAL_REGIONS: readonly string[] = KNOWN_REGIONS.slice(0, 17);

/** Position of a Region in the fixed list; throws for an unknown Region. */
export function regionIndex(region: string): number {
  const index = KNOWN_REGIONS.indexOf(region);
  if (index < 0) throw new Error(`unknown AWS Region '${region}'`);
  return index;
}

/** The ARN partition of a Region. */
export function partitionOf(region: string): 'aws' | 'aws-us-gov' | 'aws-cn' {
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('cn-')) return 'aws-cn';
  return 'aws';
}

/** The DNS suffix of service endpoints and service principals in a Region. */
export function dnsSuffixOf(region: string): string {
  return partitionOf(region) === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
}

/** A Terraform-safe identifier for a Region, used as provider alias (`eu-west-1` → `eu_west_1`). */
export function regionAlias(region: string): string {
  return region.replace(/-/g, '_');
}
