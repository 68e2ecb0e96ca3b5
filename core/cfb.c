/* Stream names of an OLE compound file (CFB), for detection: HWP 5 documents, Word 97-2003
 * documents and password-protected Office documents all share the CFB signature, and only the
 * names of their streams tell them apart (FileHeader, WordDocument, EncryptionInfo ...).
 *
 * Only the directory is read, through the FAT sectors the header lists (the first 109, which
 * cover the directory of any document a school sends), with every index checked against the
 * file's size and the walk bounded, so a hostile file cannot make this loop or read wild. */
#include "config.h"

#include "cfb.h"

#include <stdlib.h>
#include <string.h>

enum { HEADER = 512, DIR_ENTRY = 128, MAX_DIR_SECTORS = 4096, HEADER_DIFAT = 109 };
#define END_OF_CHAIN 0xFFFFFFFEu

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

/* The sector after s in its chain, or END_OF_CHAIN when it cannot be told. */
static uint32_t next_sector(cb_input *in, const unsigned char *hdr, unsigned shift, uint32_t s)
{
	uint32_t per_fat = (1u << shift) / 4;
	uint32_t fat_index = s / per_fat;
	if (fat_index >= HEADER_DIFAT || fat_index >= le32(hdr + 0x2C))
		return END_OF_CHAIN;
	uint32_t fat_sector = le32(hdr + 0x4C + 4 * fat_index);
	unsigned char b[4];
	uint64_t off = ((uint64_t)fat_sector + 1) << shift;
	off += 4u * (s % per_fat);
	if (cbi_input_pread(in, b, 4, off) != 4)
		return END_OF_CHAIN;
	return le32(b);
}

/* A directory entry's name as ASCII (CFB names are UTF-16LE; the ones detection cares about are
 * ASCII, so other characters become '?'; control characters, as in "\5SummaryInformation", are
 * dropped). */
static char *entry_name(const unsigned char *e)
{
	uint16_t bytes = le16(e + 0x40);
	if (bytes < 2 || bytes > 64)
		return NULL;
	char *name = malloc(bytes / 2 + 1);
	if (!name)
		return NULL;
	size_t n = 0;
	for (size_t i = 0; i + 1 < bytes - 1u; i += 2) {
		uint16_t c = le16(e + i);
		if (c == 0)
			break;
		if (c >= 0x20)
			name[n++] = c < 0x80 ? (char)c : '?';
	}
	name[n] = '\0';
	return name;
}

size_t cbi_cfb_list(cb_input *in, char ***out)
{
	*out = NULL;
	unsigned char hdr[HEADER];
	if (cbi_input_pread(in, hdr, HEADER, 0) != HEADER ||
	    memcmp(hdr, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) != 0)
		return 0;
	unsigned shift = le16(hdr + 0x1E);
	if (shift != 9 && shift != 12)
		return 0;
	size_t sector_size = 1u << shift, n = 0, cap = 0;
	unsigned char *sector = malloc(sector_size);
	char **names = NULL;
	uint32_t s = le32(hdr + 0x30);
	/* A chain visits each sector at most once, so a longer walk means a loop. */
	uint64_t sectors = in->size >> shift;
	uint64_t max_walk = sectors < MAX_DIR_SECTORS ? sectors : MAX_DIR_SECTORS;
	for (uint64_t walked = 0; sector && s < END_OF_CHAIN - 16 && walked < max_walk; walked++) {
		if (cbi_input_pread(in, sector, sector_size, ((uint64_t)s + 1) << shift) !=
		    (ssize_t)sector_size)
			break;
		for (size_t off = 0; off + DIR_ENTRY <= sector_size; off += DIR_ENTRY) {
			unsigned type = sector[off + 0x42];
			if (type != 1 && type != 2) /* storages and streams; not the root or unused */
				continue;
			char *name = entry_name(sector + off);
			if (!name)
				continue;
			if (n == cap) {
				cap = cap ? cap * 2 : 16;
				char **grown = realloc(names, cap * sizeof *names);
				if (!grown) {
					free(name);
					break;
				}
				names = grown;
			}
			names[n++] = name;
		}
		s = next_sector(in, hdr, shift, s);
	}
	free(sector);
	*out = names;
	return n;
}
