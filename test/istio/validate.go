package main

// validateResult says which documents of a side Istio's validation refuses, as its admission webhook
// would, without starting a discovery server: the caller drops them before converting, so that both
// sides of a comparison start from the same input.
type validateResult struct {
	Case     string     `json:"case"`
	Side     string     `json:"side"`
	Rejected []rejected `json:"rejected,omitempty"`
	// Refused[i] is the reason document i (in "\n---\n" order) is refused, or "" when it is valid.
	Refused []string `json:"refused"`
}

func runValidate(id string, s side) validateResult {
	res := validateResult{Case: id, Side: s.Name, Refused: []string{}}
	for _, doc := range splitDocs(s.YAML) {
		_, _, refused := objects(doc)
		reason := ""
		if len(refused) > 0 {
			reason = refused[0].Reason
			res.Rejected = append(res.Rejected, refused...)
		}
		res.Refused = append(res.Refused, reason)
	}
	return res
}
