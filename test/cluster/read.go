package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"
)

// item is one object read from a file, with where it came from for error messages.
type item struct {
	obj    *unstructured.Unstructured
	source string
}

// readIssue is a document that could not be turned into an object.
type readIssue struct {
	source string
	err    error
}

// objectFiles lists path itself, or the .yaml/.yml/.json files under it in lexical order.
func objectFiles(path string) ([]string, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return []string{path}, nil
	}
	var files []string
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		switch strings.ToLower(filepath.Ext(p)) {
		case ".yaml", ".yml", ".json":
			if !d.IsDir() {
				files = append(files, p)
			}
		}
		return nil
	})
	sort.Strings(files)
	return files, err
}

// readObjects splits a multi-document YAML or JSON file into objects, flattening List kinds.
func readObjects(file string) ([]item, []readIssue, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, nil, err
	}
	reader := utilyaml.NewYAMLReader(bufio.NewReader(bytes.NewReader(data)))
	var items []item
	var issues []readIssue
	for index := 0; ; index++ {
		doc, err := reader.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		source := fmt.Sprintf("%s#%d", file, index)
		if err != nil {
			issues = append(issues, readIssue{source, err})
			break
		}
		got, isList, err := decodeDocument(doc)
		if err != nil {
			issues = append(issues, readIssue{source, err})
			continue
		}
		for i, obj := range got {
			s := source
			if isList {
				s = fmt.Sprintf("%s[%d]", source, i)
			}
			items = append(items, item{obj: obj, source: s})
		}
	}
	return items, issues, nil
}

// decodeDocument turns one YAML/JSON document into zero (empty document) or more objects.
func decodeDocument(doc []byte) (objs []*unstructured.Unstructured, isList bool, err error) {
	js, err := yaml.YAMLToJSON(doc)
	if err != nil {
		return nil, false, err
	}
	trimmed := bytes.TrimSpace(js)
	if len(trimmed) == 0 || bytes.Equal(trimmed, []byte("null")) || bytes.Equal(trimmed, []byte("{}")) {
		return nil, false, nil
	}
	decoded, _, err := unstructured.UnstructuredJSONScheme.Decode(js, nil, nil)
	if err != nil {
		return nil, false, err
	}
	switch o := decoded.(type) {
	case *unstructured.UnstructuredList:
		out := make([]*unstructured.Unstructured, 0, len(o.Items))
		for i := range o.Items {
			out = append(out, &o.Items[i])
		}
		return out, true, nil
	case *unstructured.Unstructured:
		return []*unstructured.Unstructured{o}, false, nil
	default:
		return nil, false, fmt.Errorf("unexpected document type %T", decoded)
	}
}
