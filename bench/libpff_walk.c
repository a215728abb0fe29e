/*
 * libpff_walk: the smallest "read every calendar property" program, used to measure what
 * libpff itself costs before any conversion (third_party/libpff/README.md).
 *
 * Opens FILE, walks every folder from the root, and for every item of every folder whose
 * PR_CONTAINER_CLASS (0x3613) starts with "IPF.Appointment" reads every property of every
 * record set: entry type, value type, the value bytes, and the name-to-id map entry of named
 * properties (ids >= 0x8000). Recipients and attachments are read the same way.
 *
 *   libpff_walk FILE          prints one summary line (items, properties, named properties)
 *   libpff_walk --all-folders FILE   reads the items of every folder, not only calendars
 *   libpff_walk --dump FILE   also prints one line per property (FNV-1a of the value bytes,
 *                             name-to-id kind/number/GUID/string): diffing this output between
 *                             two libpff builds shows they resolve every property identically.
 *
 * Build (system libpff):  cc -O2 -o libpff_walk bench/libpff_walk.c $(pkg-config --cflags --libs libpff libbfio)
 * Build (patched, static): PKG_CONFIG_PATH=.deps/libpff/lib/pkgconfig \
 *                          cc -O2 -o libpff_walk bench/libpff_walk.c $(pkg-config --static --cflags --libs libpff)
 */
#include <libpff.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PR_CONTAINER_CLASS 0x3613

typedef struct walk_stats {
	int dump;
	int all_folders;
	unsigned long calendar_folders;
	unsigned long items;
	unsigned long properties;
	unsigned long named_properties;
	unsigned long value_bytes;
	size_t buffer_size;
	uint8_t *buffer;
} walk_stats;

static void fail(const char *what, libpff_error_t *error)
{
	fprintf(stderr, "libpff_walk: %s failed\n", what);
	if (error != NULL) {
		libpff_error_backtrace_fprint(error, stderr);
		libpff_error_free(&error);
	}
	exit(1);
}

/* Labels only name items in --dump output; a truncated label is still unique enough. */
static void make_label(char *out, size_t out_size, const char *base, const char *suffix, int index)
{
	if (snprintf(out, out_size, "%s/%s%d", base, suffix, index) >= (int) out_size)
		out[out_size - 1] = '\0';
}

static uint64_t fnv1a(const uint8_t *data, size_t size)
{
	uint64_t hash = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < size; i++) {
		hash ^= data[i];
		hash *= 0x100000001b3ULL;
	}
	return hash;
}

static void print_name_to_id(libpff_name_to_id_map_entry_t *map_entry)
{
	libpff_error_t *error = NULL;
	uint8_t kind = 0;
	uint8_t guid[16];

	if (libpff_name_to_id_map_entry_get_type(map_entry, &kind, &error) != 1)
		fail("libpff_name_to_id_map_entry_get_type", error);
	if (libpff_name_to_id_map_entry_get_guid(map_entry, guid, sizeof(guid), &error) != 1)
		fail("libpff_name_to_id_map_entry_get_guid", error);
	printf(" named=");
	for (size_t i = 0; i < sizeof(guid); i++)
		printf("%02x", guid[i]);
	if (kind == LIBPFF_NAME_TO_ID_MAP_ENTRY_TYPE_NUMERIC) {
		uint32_t number = 0;
		if (libpff_name_to_id_map_entry_get_number(map_entry, &number, &error) != 1)
			fail("libpff_name_to_id_map_entry_get_number", error);
		printf("/lid:0x%04x", number);
	} else {
		size_t size = 0;
		if (libpff_name_to_id_map_entry_get_utf8_string_size(map_entry, &size, &error) != 1)
			fail("libpff_name_to_id_map_entry_get_utf8_string_size", error);
		char *name = calloc(size + 1, 1);
		if (name == NULL)
			fail("calloc", NULL);
		if (size > 0
		    && libpff_name_to_id_map_entry_get_utf8_string(map_entry, (uint8_t *) name, size, &error) != 1)
			fail("libpff_name_to_id_map_entry_get_utf8_string", error);
		printf("/name:%s", name);
		free(name);
	}
}

/* Reads every property of every record set of item. */
static void read_item_properties(libpff_item_t *item, const char *label, walk_stats *stats)
{
	libpff_error_t *error = NULL;
	int number_of_sets = 0;

	if (libpff_item_get_number_of_record_sets(item, &number_of_sets, &error) != 1)
		fail("libpff_item_get_number_of_record_sets", error);
	for (int set_index = 0; set_index < number_of_sets; set_index++) {
		libpff_record_set_t *record_set = NULL;
		int number_of_entries = 0;

		if (libpff_item_get_record_set_by_index(item, set_index, &record_set, &error) != 1)
			fail("libpff_item_get_record_set_by_index", error);
		if (libpff_record_set_get_number_of_entries(record_set, &number_of_entries, &error) != 1)
			fail("libpff_record_set_get_number_of_entries", error);
		for (int entry_index = 0; entry_index < number_of_entries; entry_index++) {
			libpff_record_entry_t *entry = NULL;
			libpff_name_to_id_map_entry_t *map_entry = NULL;
			uint32_t entry_type = 0;
			uint32_t value_type = 0;
			size_t size = 0;

			if (libpff_record_set_get_entry_by_index(record_set, entry_index, &entry, &error) != 1)
				fail("libpff_record_set_get_entry_by_index", error);
			if (libpff_record_entry_get_entry_type(entry, &entry_type, &error) != 1)
				fail("libpff_record_entry_get_entry_type", error);
			if (libpff_record_entry_get_value_type(entry, &value_type, &error) != 1)
				fail("libpff_record_entry_get_value_type", error);
			int has_name = libpff_record_entry_get_name_to_id_map_entry(entry, &map_entry, &error);
			if (has_name == -1)
				fail("libpff_record_entry_get_name_to_id_map_entry", error);
			if (libpff_record_entry_get_data_size(entry, &size, &error) != 1)
				fail("libpff_record_entry_get_data_size", error);
			if (size > stats->buffer_size) {
				uint8_t *grown = realloc(stats->buffer, size);
				if (grown == NULL)
					fail("realloc", NULL);
				stats->buffer = grown;
				stats->buffer_size = size;
			}
			if (size > 0 && libpff_record_entry_get_data(entry, stats->buffer, size, &error) != 1)
				fail("libpff_record_entry_get_data", error);

			stats->properties++;
			stats->value_bytes += size;
			if (has_name == 1)
				stats->named_properties++;
			if (stats->dump) {
				printf("%s set=%d entry=%d type=0x%04x vt=0x%04x size=%zu fnv=%016llx", label,
				       set_index, entry_index, entry_type, value_type, size,
				       (unsigned long long) fnv1a(stats->buffer, size));
				if (has_name == 1)
					print_name_to_id(map_entry);
				printf("\n");
			}
			/* map_entry is owned by the record entry: not freed here */
			libpff_record_entry_free(&entry, NULL);
		}
		libpff_record_set_free(&record_set, NULL);
	}
}

static void read_message(libpff_item_t *message, const char *label, walk_stats *stats)
{
	libpff_error_t *error = NULL;
	libpff_item_t *recipients = NULL;
	int number_of_attachments = 0;
	char sub_label[512];

	read_item_properties(message, label, stats);

	int has_recipients = libpff_message_get_recipients(message, &recipients, &error);
	if (has_recipients == -1)
		fail("libpff_message_get_recipients", error);
	if (has_recipients == 1) {
		make_label(sub_label, sizeof(sub_label), label, "recipients", 0);
		read_item_properties(recipients, sub_label, stats);
		libpff_item_free(&recipients, NULL);
	}
	if (libpff_message_get_number_of_attachments(message, &number_of_attachments, &error) != 1)
		fail("libpff_message_get_number_of_attachments", error);
	for (int i = 0; i < number_of_attachments; i++) {
		libpff_item_t *attachment = NULL;
		if (libpff_message_get_attachment(message, i, &attachment, &error) != 1)
			fail("libpff_message_get_attachment", error);
		make_label(sub_label, sizeof(sub_label), label, "attachment", i);
		read_item_properties(attachment, sub_label, stats);
		libpff_item_free(&attachment, NULL);
	}
}

/* Returns 1 if the folder's PR_CONTAINER_CLASS starts with "IPF.Appointment". */
static int is_calendar_folder(libpff_item_t *folder)
{
	libpff_error_t *error = NULL;
	libpff_record_set_t *record_set = NULL;
	libpff_record_entry_t *entry = NULL;
	uint8_t container_class[64] = {0};
	int result = 0;

	if (libpff_item_get_record_set_by_index(folder, 0, &record_set, &error) != 1) {
		libpff_error_free(&error);
		return 0;
	}
	if (libpff_record_set_get_entry_by_type(record_set, PR_CONTAINER_CLASS, 0, &entry,
	                                        LIBPFF_ENTRY_VALUE_FLAG_MATCH_ANY_VALUE_TYPE, &error) == 1) {
		if (libpff_record_entry_get_data_as_utf8_string(entry, container_class,
		                                                sizeof(container_class) - 1, &error) == 1)
			result = strncmp((const char *) container_class, "IPF.Appointment", 15) == 0;
		else
			libpff_error_free(&error); /* longer than 63 bytes: not IPF.Appointment* */
		libpff_record_entry_free(&entry, NULL);
	} else if (error != NULL) {
		libpff_error_free(&error);
	}
	libpff_record_set_free(&record_set, NULL);
	return result;
}

static void walk_folder(libpff_item_t *folder, const char *label, walk_stats *stats)
{
	libpff_error_t *error = NULL;
	int count = 0;
	char sub_label[512];

	int is_calendar = is_calendar_folder(folder);
	if (is_calendar)
		stats->calendar_folders++;
	if (is_calendar || stats->all_folders) {
		if (libpff_folder_get_number_of_sub_messages(folder, &count, &error) != 1)
			fail("libpff_folder_get_number_of_sub_messages", error);
		for (int i = 0; i < count; i++) {
			libpff_item_t *message = NULL;
			if (libpff_folder_get_sub_message(folder, i, &message, &error) != 1)
				fail("libpff_folder_get_sub_message", error);
			make_label(sub_label, sizeof(sub_label), label, "m", i);
			read_message(message, sub_label, stats);
			stats->items++;
			libpff_item_free(&message, NULL);
		}
	}
	if (libpff_folder_get_number_of_sub_folders(folder, &count, &error) != 1)
		fail("libpff_folder_get_number_of_sub_folders", error);
	for (int i = 0; i < count; i++) {
		libpff_item_t *sub_folder = NULL;
		if (libpff_folder_get_sub_folder(folder, i, &sub_folder, &error) != 1)
			fail("libpff_folder_get_sub_folder", error);
		make_label(sub_label, sizeof(sub_label), label, "f", i);
		walk_folder(sub_folder, sub_label, stats);
		libpff_item_free(&sub_folder, NULL);
	}
}

int main(int argc, char **argv)
{
	walk_stats stats = {0};
	const char *path = NULL;
	libpff_error_t *error = NULL;
	libpff_file_t *file = NULL;
	libpff_item_t *root = NULL;

	int usage_error = 0;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--dump") == 0)
			stats.dump = 1;
		else if (strcmp(argv[i], "--all-folders") == 0)
			stats.all_folders = 1;
		else if (path == NULL && argv[i][0] != '-')
			path = argv[i];
		else
			usage_error = 1;
	}
	if (path == NULL || usage_error) {
		fprintf(stderr, "usage: libpff_walk [--dump] [--all-folders] FILE.pst|FILE.ost\n");
		return 2;
	}
	if (libpff_file_initialize(&file, &error) != 1)
		fail("libpff_file_initialize", error);
	if (libpff_file_open(file, path, LIBPFF_OPEN_READ, &error) != 1)
		fail("libpff_file_open", error);
	if (libpff_file_get_root_folder(file, &root, &error) != 1)
		fail("libpff_file_get_root_folder", error);

	walk_folder(root, "root", &stats);

	libpff_item_free(&root, NULL);
	libpff_file_close(file, NULL);
	libpff_file_free(&file, NULL);
	free(stats.buffer);

	printf("calendar folders %lu, items %lu, properties %lu (named %lu), value bytes %lu\n",
	       stats.calendar_folders, stats.items, stats.properties, stats.named_properties,
	       stats.value_bytes);
	return 0;
}
